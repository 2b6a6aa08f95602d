package io.safetyplane.cybertipline;

import java.util.List;

/**
 * {@code personOrUserReported}: the platform account that made the request and, when the business customer passed
 * one, the customer's own end-user id. Both go into {@code espIdentifier} as {@code <accountId>/enduser:<endUserId>}
 * so that NCMEC, law enforcement and the customer can trace the user. Optional fields are null (or empty lists).
 *
 * @param accountId our platform account id (required)
 * @param endUserId the end-user id the business customer supplied in the request, or null
 * @param espService the product used, for example the API's name (required)
 * @param screenName the account's display handle, or null
 * @param ipCaptureEvents IPs seen for this user, for example the request IP as an {@code Upload} event
 * @param priorReports ids of earlier CyberTipline reports on this user ({@code priorCTReports})
 * @param disabled the enforcement action on the account, or null when it was not disabled
 * @param associatedAccounts for us the business customer, {@code type="Business"}
 * @param additionalInfo free text, or null
 */
public record ReportedUser(String accountId, String endUserId, String espService, String screenName,
        List<IpCaptureEvent> ipCaptureEvents, List<Long> priorReports, AccountDisabled disabled,
        List<AssociatedAccount> associatedAccounts, String additionalInfo) {

    /** Separates our account id from the customer's end-user id in {@code espIdentifier}. */
    public static final String END_USER_SEPARATOR = "/enduser:";

    public ReportedUser {
        Require.text(accountId, "personOrUserReported/espIdentifier (account id)");
        Require.optionalText(endUserId, "personOrUserReported/espIdentifier (end-user id)");
        Require.text(espService, "personOrUserReported/espService");
        Require.optionalText(screenName, "personOrUserReported/screenName");
        ipCaptureEvents = Require.list(ipCaptureEvents, "personOrUserReported/ipCaptureEvent");
        priorReports = Require.list(priorReports, "personOrUserReported/priorCTReports");
        for (long id : priorReports) {
            if (id <= 0) {
                throw new IllegalArgumentException("personOrUserReported/priorCTReports must be positive report ids, got " + id);
            }
        }
        associatedAccounts = Require.list(associatedAccounts, "personOrUserReported/associatedAccount");
        Require.optionalText(additionalInfo, "personOrUserReported/additionalInfo");
    }

    /** The value of {@code espIdentifier}. */
    public String espIdentifier() {
        return endUserId == null ? accountId : accountId + END_USER_SEPARATOR + endUserId;
    }
}

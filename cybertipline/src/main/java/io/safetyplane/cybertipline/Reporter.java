package io.safetyplane.cybertipline;

/**
 * {@code reporter}: the reporting person plus the provider's standing texts. {@code companyTemplate} (how to serve
 * legal process, how long data is kept), {@code termsOfService} and {@code legalUrl} are optional (null when absent).
 */
public record Reporter(ReportingPerson reportingPerson, String companyTemplate, String termsOfService, String legalUrl) {
    public Reporter {
        Require.present(reportingPerson, "reporter/reportingPerson");
        Require.optionalText(companyTemplate, "reporter/companyTemplate");
        Require.optionalText(termsOfService, "reporter/termsOfService");
        Require.optionalText(legalUrl, "reporter/legalURL");
    }
}

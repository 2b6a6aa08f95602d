package io.safetyplane.enforcement.ladder;

import java.util.Objects;

/**
 * Who a sanction applies to, and whose strikes count towards it: a business customer's end user when the business
 * supplied an end-user id, otherwise the whole platform account.
 *
 * @param kind      end user or account
 * @param tenantId  the tenant
 * @param accountId the platform account
 * @param endUserId the business's end-user id ({@link Kind#END_USER} only), else empty
 */
public record Target(Kind kind, String tenantId, String accountId, String endUserId) {

    public enum Kind {
        /** One end user of a business customer; the business keeps its access and is notified. */
        END_USER,
        /** The platform account itself. */
        ACCOUNT
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        tenantId = Objects.requireNonNullElse(tenantId, "");
        accountId = Objects.requireNonNullElse(accountId, "");
        endUserId = Objects.requireNonNullElse(endUserId, "");
        if ((kind == Kind.END_USER) == endUserId.isEmpty()) {
            throw new IllegalArgumentException("an end-user id is required for END_USER and only for END_USER");
        }
    }

    /**
     * {@link Kind#END_USER} when a business tenant supplied an end-user id; otherwise {@link Kind#ACCOUNT} (an end-user
     * id from a self-serve account is ignored: that account is its own user).
     */
    public static Target of(ViolationFacts f) {
        return f.businessTenant() && f.hasEndUser()
                ? new Target(Kind.END_USER, f.tenantId(), f.accountId(), f.endUserId())
                : new Target(Kind.ACCOUNT, f.tenantId(), f.accountId(), "");
    }

    /** The target a stored row names: the account itself when {@code endUserId} is empty, else that end user. */
    public static Target of(String tenantId, String accountId, String endUserId) {
        return endUserId == null || endUserId.isEmpty() ? new Target(Kind.ACCOUNT, tenantId, accountId, "")
                : new Target(Kind.END_USER, tenantId, accountId, endUserId);
    }

    /** Key of the subject whose strikes and sanctions are kept together: {@code tenant/account[/end-user]}. */
    public String key() {
        return tenantId + "/" + accountId + (kind == Kind.END_USER ? "/" + endUserId : "");
    }
}

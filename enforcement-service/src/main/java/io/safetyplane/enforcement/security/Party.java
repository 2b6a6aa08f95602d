package io.safetyplane.enforcement.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.safetyplane.enforcement.audit.AuditEntry;

/**
 * A tenant-facing caller: a business customer (role {@value #TENANT}, claim {@code tenant_id}) acting for itself and its
 * end users, or an affected user (role {@value #USER}, claims {@code tenant_id}, {@code account_id} and, for a business's
 * end user, {@code end_user_id}), as minted by the platform API.
 *
 * @param kind {@value #TENANT} or {@value #USER}
 * @param endUserId {@code ''} for an account itself
 */
public record Party(String subject, String kind, String tenantId, String accountId, String endUserId) {
    public static final String TENANT = "tenant";
    public static final String USER = "user";

    /** The party a token speaks for, or null when it is no tenant-facing token (a staff token, or one without its claims). */
    public static Party of(JsonWebToken jwt) {
        if (jwt == null || jwt.getName() == null) {
            return null;
        }
        String tenant = claim(jwt, "tenant_id");
        if (tenant.isEmpty()) {
            return null;
        }
        if (jwt.getGroups().contains(USER)) {
            String account = claim(jwt, "account_id");
            return account.isEmpty() ? null : new Party(jwt.getName(), USER, tenant, account, claim(jwt, "end_user_id"));
        }
        return jwt.getGroups().contains(TENANT) ? new Party(jwt.getName(), TENANT, tenant, "", "") : null;
    }

    /**
     * Whether this party may act for the target: a tenant for all its accounts and end users, a user only for exactly
     * themselves (an end user is not the business account, and an account is not its end users).
     */
    public boolean actsFor(String tenantId, String accountId, String endUserId) {
        if (!this.tenantId.equals(tenantId)) {
            return false;
        }
        return TENANT.equals(kind) || this.accountId.equals(accountId) && this.endUserId.equals(endUserId == null ? "" : endUserId);
    }

    /** The party as the audit log's actor. */
    public AuditEntry.Actor actor() {
        return AuditEntry.Actor.user(subject, kind);
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object v = jwt.getClaim(name);
        String s = v instanceof jakarta.json.JsonString j ? j.getString() : v == null ? "" : v.toString();
        return s.strip();
    }
}

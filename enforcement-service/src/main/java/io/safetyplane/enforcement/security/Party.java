package io.safetyplane.enforcement.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;

/**
 * A tenant-facing caller: a business customer (role {@value Roles#TENANT}, claim {@code tenant_id}) acting for itself
 * and its end users, or an affected user (role {@value Roles#USER}, claims {@code tenant_id}, {@code account_id} and,
 * for a business's end user, {@code end_user_id}), as minted by the platform API.
 *
 * @param kind {@value Roles#TENANT} or {@value Roles#USER}
 * @param endUserId {@code ''} for an account itself
 */
public record Party(String subject, String kind, String tenantId, String accountId, String endUserId) {

    /** The party a token speaks for, or null when it is no tenant-facing token (a staff token, or one without its claims). */
    public static Party of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        String tenant = Roles.claim(identity, Roles.TENANT_ID);
        if (tenant.isEmpty()) {
            return null;
        }
        String subject = identity.getPrincipal().getName();
        if (identity.hasRole(Roles.USER)) {
            String account = Roles.claim(identity, Roles.ACCOUNT_ID);
            return account.isEmpty() ? null : new Party(subject, Roles.USER, tenant, account, Roles.claim(identity, Roles.END_USER_ID));
        }
        return identity.hasRole(Roles.TENANT) ? new Party(subject, Roles.TENANT, tenant, "", "") : null;
    }

    /** Whether this party is the business customer itself. */
    public boolean isTenant() {
        return Roles.TENANT.equals(kind);
    }

    /**
     * Whether this party may act for the target: a tenant for all its accounts and end users, a user only for exactly
     * themselves (an end user is not the business account, and an account is not its end users).
     */
    public boolean actsFor(String tenantId, String accountId, String endUserId) {
        if (!this.tenantId.equals(tenantId)) {
            return false;
        }
        return isTenant() || this.accountId.equals(accountId) && this.endUserId.equals(endUserId == null ? "" : endUserId);
    }

    /** The party as the audit log's actor. */
    public AuditEntry.Actor actor() {
        return AuditEntry.Actor.user(subject, kind);
    }
}

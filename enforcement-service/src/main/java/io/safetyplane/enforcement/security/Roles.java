package io.safetyplane.enforcement.security;

import java.util.List;
import java.util.Objects;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;

/**
 * The roles, from the JWT's {@code groups} claim, and the audit actor of a signed-in caller. Staff hold the first
 * five; a business customer's token has role {@value #TENANT} and claim {@value #TENANT_ID}; an affected user's token
 * (minted by the platform API) has role {@value #USER} and claims {@value #TENANT_ID}, {@value #ACCOUNT_ID} and,
 * for a business's end user, {@value #END_USER_ID}.
 */
public final class Roles {
    public static final String REVIEWER = "reviewer";
    public static final String SENIOR_REVIEWER = "senior-reviewer";
    public static final String TIPLINE_OFFICER = "tipline-officer";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    public static final String TENANT = "tenant";
    public static final String USER = "user";

    public static final String TENANT_ID = "tenant_id";
    public static final String ACCOUNT_ID = "account_id";
    public static final String END_USER_ID = "end_user_id";

    /** Strongest first: the role an action is recorded under when a caller holds several. */
    private static final List<String> PRECEDENCE = List.of(ADMIN, SENIOR_REVIEWER, TIPLINE_OFFICER, REVIEWER, AUDITOR, TENANT, USER);
    private static final List<String> STAFF = List.of(ADMIN, SENIOR_REVIEWER, TIPLINE_OFFICER, REVIEWER, AUDITOR);

    private Roles() {
    }

    /** The caller behind a request, for the audit log: the token's subject and their strongest role. */
    public static AuditEntry.Actor actor(SecurityIdentity identity) {
        String role = PRECEDENCE.stream().filter(identity::hasRole).findFirst().orElse("none");
        return AuditEntry.Actor.user(identity.getPrincipal().getName(), role);
    }

    /** Whether the caller holds a staff role. */
    public static boolean isStaff(SecurityIdentity identity) {
        return STAFF.stream().anyMatch(identity::hasRole);
    }

    /** Whether the caller is the business customer {@code tenant}, acting for itself and its end users. */
    public static boolean isTenant(SecurityIdentity identity, String tenant) {
        Party p = Party.of(identity);
        return p != null && p.isTenant() && p.tenantId().equals(tenant);
    }

    /** Whether the caller is the affected user itself: an account of the tenant, or one of its end users ({@code ''}: none). */
    public static boolean isUser(SecurityIdentity identity, String tenant, String account, String endUser) {
        Party p = Party.of(identity);
        return p != null && !p.isTenant() && p.actsFor(tenant, account, endUser);
    }

    /** Whether the caller may read what concerns the target: staff, its tenant, or the affected user. */
    public static boolean mayRead(SecurityIdentity identity, String tenant, String account, String endUser) {
        Party p = Party.of(identity);
        return isStaff(identity) || p != null && p.actsFor(tenant, account, endUser);
    }

    /** A string claim of the caller's token, {@code ''} when absent. */
    static String claim(SecurityIdentity identity, String name) {
        Object value = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(name) : null;
        return value == null ? "" : Objects.toString(value instanceof jakarta.json.JsonString s ? s.getString() : value);
    }
}

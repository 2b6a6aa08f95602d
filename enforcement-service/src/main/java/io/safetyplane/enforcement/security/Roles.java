package io.safetyplane.enforcement.security;

import java.util.List;

import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;

/** The staff roles, from the JWT's {@code groups} claim, and the audit actor of a signed-in person. */
public final class Roles {
    public static final String REVIEWER = "reviewer";
    public static final String SENIOR_REVIEWER = "senior-reviewer";
    public static final String TIPLINE_OFFICER = "tipline-officer";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";

    /** Strongest first: the role an action is recorded under when a person holds several. */
    private static final List<String> PRECEDENCE = List.of(ADMIN, SENIOR_REVIEWER, TIPLINE_OFFICER, REVIEWER, AUDITOR);

    private Roles() {
    }

    /** The person behind a request, for the audit log: the token's subject and their strongest staff role. */
    public static AuditEntry.Actor actor(SecurityIdentity identity) {
        String role = PRECEDENCE.stream().filter(identity::hasRole).findFirst().orElse("none");
        return AuditEntry.Actor.user(identity.getPrincipal().getName(), role);
    }
}

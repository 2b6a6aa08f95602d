package io.safetyplane.contracts;

/** Kafka topics of the plane. */
public final class Topics {
    /** Detected violations; key "tenant/account". */
    public static final String VIOLATIONS = "safety.violations.v1";
    /** Every gate decision; key "tenant/account". */
    public static final String DECISIONS = "safety.decisions.v1";
    /** Hash bank contents, compacted; key "bank/..." or "entry/...". */
    public static final String BANK_CHANGES = "hash.bank-changes.v1";
    /** Tenant prompt policies, compacted; key = tenant id, value = the tenant's whole policy, null = deleted. */
    public static final String FILTER_POLICY_CHANGES = "filter.policy-changes.v1";
    /** Account standing changes from the enforcement-service. */
    public static final String ENFORCEMENT_ACTIONS = "enforcement.actions.v1";

    private Topics() {
    }
}

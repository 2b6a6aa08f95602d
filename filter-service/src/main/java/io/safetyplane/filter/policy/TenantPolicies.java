package io.safetyplane.filter.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.engine.PolicyException;
import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.engine.TenantFilter;

/**
 * Every tenant's policy as this replica has read it from the policy topic, each compiled once per
 * revision into a {@link TenantFilter}. Thread-safe: the replica writes, checks read.
 */
public final class TenantPolicies {
    private static final Logger LOG = Logger.getLogger(TenantPolicies.class);

    private final PromptFilter engine;
    private final TenantFilter global;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * One tenant's policy.
     *
     * @param record   the policy as written on the topic
     * @param filter   the compiled filter checks use
     * @param problems why the record could not be compiled, with the global filter used instead
     *                 (only when the record was written by something that skipped validation, or by
     *                 an older engine); empty normally
     */
    public record Tenant(PolicyChange record, TenantFilter filter, List<String> problems) {
        public String tenantId() {
            return record.getTenantId();
        }

        public long revision() {
            return record.getRevision();
        }
    }

    public TenantPolicies(PromptFilter engine) {
        this.engine = engine;
        this.global = engine.global();
    }

    public PromptFilter engine() {
        return engine;
    }

    /** The filter of tenants without a policy of their own. */
    public TenantFilter global() {
        return global;
    }

    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    /** Every tenant, by id. */
    public List<Tenant> all() {
        List<Tenant> all = new ArrayList<>(tenants.values());
        all.sort(Comparator.comparing(Tenant::tenantId));
        return all;
    }

    public int size() {
        return tenants.size();
    }

    /** Tenants whose record could not be compiled. */
    public long invalid() {
        return tenants.values().stream().filter(t -> !t.problems().isEmpty()).count();
    }

    /**
     * Applies one record: compiles it unless this very record is already in place (a replayed or
     * duplicate record is not compiled twice).
     *
     * @return the tenant as now held
     */
    public Tenant apply(PolicyChange record) {
        Tenant current = tenants.get(record.getTenantId());
        if (current != null && current.record().equals(record)) {
            return current;
        }
        Tenant tenant = compile(record);
        tenants.put(record.getTenantId(), tenant);
        return tenant;
    }

    /** Removes a tenant (a tombstone). */
    public void remove(String tenantId) {
        tenants.remove(tenantId);
    }

    public void clear() {
        tenants.clear();
    }

    private Tenant compile(PolicyChange record) {
        PolicyRecords.Converted converted = PolicyRecords.toEngine(record);
        List<String> problems = new ArrayList<>(converted.problems());
        TenantFilter filter = null;
        try {
            filter = engine.forTenant(converted.policy());
        } catch (PolicyException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            LOG.errorf("the policy of tenant %s at revision %d cannot be applied; its checks use the global policy until it is "
                    + "corrected: %s", record.getTenantId(), record.getRevision(), String.join("; ", problems));
            return new Tenant(record, global, List.copyOf(problems));
        }
        return new Tenant(record, filter, List.of());
    }
}

package io.safetyplane.filter.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.safetyplane.contracts.filter.v1.DenyTerm;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.PolicyException;
import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.engine.TenantPolicy;
import io.safetyplane.filter.policy.PolicyRecords;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.filter.replication.PolicyChangeLog;
import io.safetyplane.filter.replication.PolicyReplica;
import io.safetyplane.service.Failure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tenant policy administration. A change is validated with the engine (every problem listed), written
 * to the policy topic as one transaction with the next revision, and answered once this replica has
 * applied it, so a caller reads its own writes. Each change is written to the audit log: who, which
 * tenant, which revisions, what changed.
 */
@ApplicationScoped
public class PolicyAdmin {
    private static final Logger AUDIT = Logger.getLogger("io.safetyplane.filter.audit");
    private static final Logger LOG = Logger.getLogger(PolicyAdmin.class);
    private static final int AUDIT_TERMS = 20;

    private final TenantPolicies store;
    private final PolicyChangeLog log;
    private final PolicyReplica replica;
    private final PromptFilter engine;
    private final FilterServiceConfig config;

    public PolicyAdmin(TenantPolicies store, PolicyChangeLog log, PolicyReplica replica, FilterServiceConfig config) {
        this.store = store;
        this.log = log;
        this.replica = replica;
        this.engine = store.engine();
        this.config = config;
    }

    /** A policy as an admin writes it; null lists mean empty. */
    public record PolicyInput(Map<String, String> categoryActions, List<DenyTermInput> denyTerms, List<String> allowPhrases) {
    }

    public record DenyTermInput(String term, String category) {
    }

    /**
     * What the write must find: any revision ({@link #any()}), the tenant absent ({@link #absent()}),
     * present at any revision ({@link #present()}), or present at one revision.
     */
    public record Precondition(boolean mustExist, boolean mustBeAbsent, OptionalLong revision) {
        public static Precondition any() {
            return new Precondition(false, false, OptionalLong.empty());
        }

        public static Precondition absent() {
            return new Precondition(false, true, OptionalLong.empty());
        }

        public static Precondition present() {
            return new Precondition(true, false, OptionalLong.empty());
        }

        public static Precondition revision(long revision) {
            return new Precondition(true, false, OptionalLong.of(revision));
        }

        void check(String tenantId, Optional<TenantPolicies.Tenant> current) {
            long have = current.map(TenantPolicies.Tenant::revision).orElse(0L);
            String state = current.isPresent() ? "is at revision " + have : "has no policy";
            if (mustBeAbsent && current.isPresent() || mustExist && current.isEmpty()
                    || revision.isPresent() && revision.getAsLong() != have) {
                String wanted = mustBeAbsent ? "no policy" : revision.isPresent() ? "revision " + revision.getAsLong() : "a policy";
                throw new Failure(Failure.Kind.PRECONDITION_FAILED, "revision-mismatch", "Revision mismatch",
                        "tenant " + tenantId + " " + state + ", not " + wanted + "; read it again and reapply your change",
                        Map.of("currentRevision", have));
            }
        }
    }

    /** A tenant as listed: with a policy, or open without one. */
    public record TenantSummary(String tenantId, long revision, boolean open, int denyTerms, int allowPhrases,
            Map<String, String> categoryActions, String changedBy, Instant changedAt, List<String> problems) {
    }

    public List<TenantSummary> list() {
        ready();
        Map<String, TenantSummary> out = new TreeMap<>();
        for (TenantPolicies.Tenant t : store.all()) {
            PolicyChange r = t.record();
            out.put(t.tenantId(), new TenantSummary(t.tenantId(), r.getRevision(), config.openTenants().contains(t.tenantId()),
                    r.getDenyTermsCount(), r.getAllowPhrasesCount(), new TreeMap<>(r.getCategoryActionsMap()), r.getChangedBy(),
                    Instant.ofEpochMilli(r.getChangedAtMillis()), t.problems()));
        }
        for (String open : config.openTenants()) {
            out.putIfAbsent(open, new TenantSummary(open, 0, true, 0, 0, Map.of(), null, null, List.of()));
        }
        return List.copyOf(out.values());
    }

    public TenantPolicies.Tenant get(String tenantId) {
        ready();
        valid(tenantId);
        return store.find(tenantId).orElseThrow(() -> FilterFailures.unknownTenant(tenantId));
    }

    /**
     * Replaces a tenant's policy (creating the tenant if it has none).
     *
     * @return the record written, at its new revision
     * @throws Failure {@code invalid-policy} (422) listing every problem; {@code revision-mismatch}
     *         (412); {@code policy-log-unavailable} (503)
     */
    public PolicyChange put(String tenantId, PolicyInput input, Precondition precondition, String actor) {
        ready();
        valid(tenantId);
        PolicyChange proposed = record(tenantId, input, 1, actor);
        validate(proposed);
        PolicyChange[] previous = new PolicyChange[1];
        PolicyChangeLog.Written written = log.write(tenantId, current -> {
            precondition.check(tenantId, current);
            previous[0] = current.map(TenantPolicies.Tenant::record).orElse(null);
            long revision = current.map(t -> t.revision() + 1).orElse(1L);
            return proposed.toBuilder().setRevision(revision).setChangedAtMillis(System.currentTimeMillis()).build();
        });
        awaitApplied(written);
        audit(actor, tenantId, previous[0], written.value());
        return written.value();
    }

    /** Deletes a tenant's policy; the tenant's checks are refused afterwards unless it is open. */
    public void delete(String tenantId, Precondition precondition, String actor) {
        ready();
        valid(tenantId);
        PolicyChange[] previous = new PolicyChange[1];
        PolicyChangeLog.Written written = log.write(tenantId, current -> {
            if (current.isEmpty()) {
                throw FilterFailures.unknownTenant(tenantId);
            }
            precondition.check(tenantId, current);
            previous[0] = current.get().record();
            return null;
        });
        awaitApplied(written);
        audit(actor, tenantId, previous[0], null);
    }

    private static PolicyChange record(String tenantId, PolicyInput input, long revision, String actor) {
        PolicyChange.Builder b = PolicyChange.newBuilder().setTenantId(tenantId).setRevision(revision)
                .setChangedBy(actor == null ? "" : actor);
        List<String> nulls = new ArrayList<>();
        if (input.categoryActions() != null) {
            input.categoryActions().forEach((category, action) -> {
                if (category == null || action == null) {
                    nulls.add("categoryActions." + category + " must name an action");
                } else {
                    b.putCategoryActions(category, action);
                }
            });
        }
        if (input.denyTerms() != null) {
            for (int i = 0; i < input.denyTerms().size(); i++) {
                DenyTermInput t = input.denyTerms().get(i);
                if (t == null) {
                    nulls.add("denyTerms[" + i + "] is null");
                    continue;
                }
                DenyTerm.Builder d = DenyTerm.newBuilder();
                if (t.term() != null) d.setTerm(t.term());
                if (t.category() != null) d.setCategory(t.category());
                b.addDenyTerms(d);
            }
        }
        if (input.allowPhrases() != null) {
            for (int i = 0; i < input.allowPhrases().size(); i++) {
                String p = input.allowPhrases().get(i);
                if (p == null) {
                    nulls.add("allowPhrases[" + i + "] is null");
                } else {
                    b.addAllowPhrases(p);
                }
            }
        }
        if (!nulls.isEmpty()) {
            throw invalidPolicy(tenantId, nulls);
        }
        return b.build();
    }

    /** Compiles the policy as every replica will, collecting every problem. */
    private void validate(PolicyChange record) {
        PolicyRecords.Converted converted = PolicyRecords.toEngine(record);
        List<String> problems = new ArrayList<>(converted.problems());
        try {
            engine.forTenant(converted.policy());
        } catch (PolicyException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw invalidPolicy(record.getTenantId(), problems);
        }
    }

    private static Failure invalidPolicy(String tenantId, List<String> problems) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(problems));
        return new Failure(Failure.Kind.UNPROCESSABLE, "invalid-policy", "Invalid tenant policy",
                distinct.size() + " problem(s) with the policy of tenant " + tenantId + "; nothing was changed",
                Map.of("errors", distinct));
    }

    private void awaitApplied(PolicyChangeLog.Written written) {
        try {
            if (!replica.awaitApplied(written.offsets(), config.policy().applyTimeout())) {
                LOG.warnf("the policy change of tenant %s is written but not yet applied here after %s; it applies moments later",
                        written.tenantId(), config.policy().applyTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ready() {
        if (!replica.caughtUp()) {
            throw FilterFailures.notReady();
        }
    }

    private static void valid(String tenantId) {
        if (!TenantPolicy.validTenantId(tenantId)) {
            throw FilterFailures.invalidTenantId(tenantId);
        }
    }

    /** One audit line per change: who, which tenant, from which revision to which, and what changed. */
    private static void audit(String actor, String tenantId, PolicyChange before, PolicyChange after) {
        List<String> changes = new ArrayList<>();
        Map<String, String> oldActions = before == null ? Map.of() : before.getCategoryActionsMap();
        Map<String, String> newActions = after == null ? Map.of() : after.getCategoryActionsMap();
        Set<String> categories = new TreeSet<>(oldActions.keySet());
        categories.addAll(newActions.keySet());
        for (String c : categories) {
            String o = oldActions.get(c);
            String n = newActions.get(c);
            if (!Objects.equals(o, n)) {
                changes.add("category " + c + " " + (o == null ? "(global)" : o) + " -> " + (n == null ? "(global)" : n));
            }
        }
        diff(changes, "deny terms", terms(before), terms(after));
        diff(changes, "allow phrases", before == null ? List.of() : before.getAllowPhrasesList(),
                after == null ? List.of() : after.getAllowPhrasesList());
        String what = after == null ? "deleted" : before == null ? "created" : "changed";
        String from = before == null ? "none" : String.valueOf(before.getRevision());
        String to = after == null ? "none" : String.valueOf(after.getRevision());
        MDC.put("audit.actor", actor);
        MDC.put("audit.tenant", tenantId);
        MDC.put("audit.revision", to);
        try {
            AUDIT.infof("policy of tenant %s %s by %s: revision %s -> %s%s", tenantId, what, actor, from, to,
                    changes.isEmpty() ? "; no difference" : "; " + String.join("; ", changes));
        } finally {
            MDC.remove("audit.actor");
            MDC.remove("audit.tenant");
            MDC.remove("audit.revision");
        }
    }

    private static List<String> terms(PolicyChange p) {
        return p == null ? List.of() : p.getDenyTermsList().stream().map(t -> t.getTerm() + " (" + t.getCategory() + ")").toList();
    }

    private static void diff(List<String> changes, String what, List<String> before, List<String> after) {
        Set<String> added = new LinkedHashSet<>(after);
        before.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(before);
        after.forEach(removed::remove);
        if (!added.isEmpty()) {
            changes.add(what + " added " + added.size() + sample(added));
        }
        if (!removed.isEmpty()) {
            changes.add(what + " removed " + removed.size() + sample(removed));
        }
    }

    private static String sample(Set<String> items) {
        List<String> first = items.stream().limit(AUDIT_TERMS).map(s -> "'" + s + "'").toList();
        return ": " + String.join(", ", first) + (items.size() > AUDIT_TERMS ? ", …" : "");
    }

    /** The global policy's action of every category, overlaid with the tenant's own. */
    public Map<String, String> effectiveActions(PolicyChange record) {
        Map<String, String> out = new LinkedHashMap<>();
        engine.settings().forEach((category, setting) -> out.put(category.id(), setting.action().id()));
        if (record != null) {
            out.putAll(record.getCategoryActionsMap());
        }
        return out;
    }
}

package io.safetyplane.filter.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Descriptors.FieldDescriptor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.Action;
import io.safetyplane.filter.engine.Category;
import io.safetyplane.filter.engine.CategoryVerdict;
import io.safetyplane.filter.engine.InvalidPromptException;
import io.safetyplane.filter.engine.PromptText;
import io.safetyplane.filter.engine.TenantFilter;
import io.safetyplane.filter.engine.TenantPolicy;
import io.safetyplane.filter.engine.Verdict;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.filter.replication.PolicyReplica;
import io.safetyplane.service.Failure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The prompt check behind REST and gRPC: validates the request context, finds the tenant's
 * compiled filter, evaluates the prompt, counts the verdict and emits its events.
 */
@ApplicationScoped
public class PromptChecks {
    /** Longest value of any request-context field; events carry the context, so it is bounded. */
    public static final int MAX_CONTEXT_FIELD_CHARS = 256;

    private final TenantPolicies policies;
    private final PolicyReplica replica;
    private final VerdictEvents events;
    private final Set<String> openTenants;
    private final Timer checks;
    private final Map<Action, Counter> verdicts = new EnumMap<>(Action.class);
    private final Map<Category, Map<Action, Counter>> categories = new EnumMap<>(Category.class);
    private final Map<InvalidPromptException.Reason, Counter> refused = new EnumMap<>(InvalidPromptException.Reason.class);

    @Inject
    public PromptChecks(TenantPolicies policies, PolicyReplica replica, VerdictEvents events, FilterServiceConfig config,
            MeterRegistry registry) {
        this.policies = policies;
        this.replica = replica;
        this.events = events;
        this.openTenants = Set.copyOf(config.openTenants());
        this.checks = Timer.builder("filter_check_seconds")
                .description("Evaluating one prompt (normalisation, matching, rules), without events")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (Action a : Action.values()) {
            verdicts.put(a, Counter.builder("filter_verdicts").tag("decision", a.id())
                    .description("Verdicts by decision").register(registry));
        }
        for (Category c : Category.values()) {
            Map<Action, Counter> byAction = new EnumMap<>(Action.class);
            for (Action a : Action.values()) {
                byAction.put(a, Counter.builder("filter_verdict_categories").tag("category", c.id()).tag("action", a.id())
                        .description("Categories that fired, by the action taken for them").register(registry));
            }
            categories.put(c, byAction);
        }
        for (InvalidPromptException.Reason r : InvalidPromptException.Reason.values()) {
            refused.put(r, Counter.builder("filter_refused_prompts").tag("reason", r.name().toLowerCase(Locale.ROOT))
                    .description("Prompts refused before evaluation").register(registry));
        }
    }

    /**
     * What one check decided and the events it emitted.
     *
     * @param violationEventId null unless the verdict is block-and-report
     */
    public record Outcome(Verdict verdict, String promptSha256, String decisionEventId, String violationEventId) {
    }

    /** Checks a prompt sent as raw UTF-8, decoding it strictly. */
    public Outcome checkUtf8(RequestContext context, byte[] prompt, String itemId) {
        String tenantId = tenantOf(context);
        String text;
        try {
            text = PromptText.decodeUtf8(prompt);
        } catch (InvalidPromptException e) {
            throw refuse(e);
        }
        return check(tenantId, context, text, itemId);
    }

    /**
     * Checks a prompt.
     *
     * @throws Failure {@code policy-not-ready}, {@code invalid-context},
     *         {@code unknown-tenant}, {@code missing-prompt}, {@code empty-prompt}, {@code prompt-too-long},
     *         {@code invalid-prompt}, {@code violation-not-recorded}
     */
    public Outcome check(RequestContext context, String prompt, String itemId) {
        return check(tenantOf(context), context, prompt, itemId);
    }

    private Outcome check(String tenantId, RequestContext context, String prompt, String itemId) {
        if (prompt == null) {
            throw FilterFailures.missingPrompt();
        }
        TenantFilter filter = filterOf(tenantId);
        Verdict verdict;
        long t0 = System.nanoTime();
        try {
            verdict = filter.check(prompt);
        } catch (InvalidPromptException e) {
            throw refuse(e);
        } finally {
            checks.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        String sha256 = sha256(prompt);
        VerdictEvents.EventIds ids = VerdictEvents.EventIds.of(context, itemId == null ? "" : itemId, sha256);
        String violationId = null;
        if (verdict.reportable()) {
            violationId = events.publishViolation(ids.violation(), context, verdict, sha256).getEventId();
        }
        events.publishDecision(ids.decision(), context, verdict, sha256);
        verdicts.get(verdict.decision()).increment();
        for (CategoryVerdict c : verdict.categories()) {
            categories.get(c.category()).get(c.action()).increment();
        }
        return new Outcome(verdict, sha256, ids.decision(), violationId);
    }

    private String tenantOf(RequestContext context) {
        if (!replica.caughtUp()) {
            throw FilterFailures.notReady();
        }
        validate(context);
        return context.getTenantId();
    }

    /**
     * Checks the request context as a prompt check does: a valid tenant id and no field longer than
     * {@link #MAX_CONTEXT_FIELD_CHARS}.
     *
     * @throws Failure {@code invalid-context}
     */
    public static void validate(RequestContext context) {
        if (context == null || context.getTenantId().isEmpty()) {
            throw FilterFailures.invalidContext("context.tenantId is required: it selects the tenant's prompt policy");
        }
        if (!TenantPolicy.validTenantId(context.getTenantId())) {
            throw FilterFailures.invalidContext("context.tenantId '" + abbreviate(context.getTenantId())
                    + "' is not a tenant id: lower-case letters, digits, '.', '_' and '-', at most 63");
        }
        for (Map.Entry<FieldDescriptor, Object> f : context.getAllFields().entrySet()) {
            if (f.getValue() instanceof String s && s.length() > MAX_CONTEXT_FIELD_CHARS) {
                throw FilterFailures.invalidContext("context." + f.getKey().getJsonName() + " is longer than "
                        + MAX_CONTEXT_FIELD_CHARS + " characters");
            }
        }
    }

    private TenantFilter filterOf(String tenantId) {
        TenantPolicies.Tenant tenant = policies.find(tenantId).orElse(null);
        if (tenant != null) {
            return tenant.filter();
        }
        if (openTenants.contains(tenantId)) {
            return policies.global();
        }
        throw FilterFailures.unknownTenant(tenantId);
    }

    private Failure refuse(InvalidPromptException e) {
        refused.get(e.reason()).increment();
        return FilterFailures.prompt(e);
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "…";
    }

    static String sha256(String prompt) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.safetyplane.filter.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Evidence;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.CategoryVerdict;
import io.safetyplane.filter.engine.Finding;
import io.safetyplane.filter.engine.Hit;
import io.safetyplane.filter.engine.Verdict;
import io.safetyplane.service.Failure;
import io.safetyplane.service.kafka.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Emits the events of a verdict: a {@link Decision} on {@code safety.decisions.v1} for every
 * verdict, and a {@link Violation} on {@code safety.violations.v1} for a block-and-report verdict.
 * Both carry the request context and the SHA-256 of the prompt, never its text. Event ids are
 * derived from the tenant, request id, item id and prompt hash, so a retried request yields the
 * same ids and consumers apply it once.
 *
 * <p>A violation is awaited: if Kafka does not acknowledge it in time the check fails with 503
 * ({@code violation-not-recorded}) and the gate fails closed. A decision is not awaited, so that the
 * gate's latency does not depend on Kafka for every prompt; it is sent with {@code acks=all} and
 * idempotence, and a decision Kafka does not take is counted ({@code filter_decision_events_failed_total})
 * and logged with its event and request ids.
 */
@ApplicationScoped
public class VerdictEvents {
    private static final Logger LOG = Logger.getLogger(VerdictEvents.class);
    public static final String DETECTOR = "filter-service";

    private final MutinyEmitter<byte[]> violations;
    private final MutinyEmitter<byte[]> decisions;
    private final String source;
    private final Duration violationTimeout;
    private final Counter decisionFailures;
    private final Counter violationFailures;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    @Inject
    public VerdictEvents(@Channel("violations") MutinyEmitter<byte[]> violations,
            @Channel("decisions") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<byte[]> decisions,
            FilterServiceConfig config, MeterRegistry registry) {
        this.violations = violations;
        this.decisions = decisions;
        this.source = config.events().source();
        this.violationTimeout = config.events().violationSendTimeout();
        this.decisionFailures = Counter.builder("filter_decision_events_failed")
                .description("Decisions Kafka did not take (not awaited by the check)").register(registry);
        this.violationFailures = Counter.builder("filter_violation_events_failed")
                .description("Violations Kafka did not take in time (the check failed with 503)").register(registry);
    }

    /** Ids of the events of one check, derived from what identifies the check. */
    public record EventIds(String decision, String violation) {
        public static EventIds of(RequestContext context, String itemId, String promptSha256) {
            if (context.getRequestId().isEmpty()) {
                return new EventIds(UUID.randomUUID().toString(), UUID.randomUUID().toString());
            }
            String seed = DETECTOR + "|" + context.getTenantId() + "|" + context.getRequestId() + "|" + itemId + "|" + promptSha256;
            return new EventIds(uuid("decision|" + seed), uuid("violation|" + seed));
        }

        private static String uuid(String seed) {
            return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /**
     * Sends the violation of a block-and-report verdict and waits for Kafka's acknowledgement.
     *
     * @throws Failure {@code violation-not-recorded} (503) when Kafka does not take it in time
     */
    public Violation publishViolation(String eventId, RequestContext context, Verdict verdict, String promptSha256) {
        CategoryVerdict top = verdict.categories().stream()
                .filter(c -> c.action() == io.safetyplane.filter.engine.Action.BLOCK_AND_REPORT)
                .findFirst().orElse(verdict.categories().get(0));
        Violation.Builder v = Violation.newBuilder()
                .setEventId(eventId)
                .setContext(context)
                .setOccurredAtMillis(System.currentTimeMillis())
                .setDetector(DETECTOR)
                .setCategory(top.category().id())
                .setSeverity(Wire.severity(top.severity()))
                .setAction(Action.ACTION_BLOCK_AND_REPORT)
                .setStage(ContentStage.CONTENT_STAGE_PROMPT)
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(promptSha256))
                .setReportable(true)
                .setPolicyVersion(verdict.policyVersion());
        for (Finding f : verdict.findings()) {
            Set<String> terms = new LinkedHashSet<>();
            for (Hit h : f.hits()) {
                terms.add(h.term());
            }
            v.addEvidence(Evidence.newBuilder()
                    .setKind(f.source())
                    .setName(f.rule())
                    .setDetail(String.join(", ", terms))
                    .setScore(f.score()));
        }
        Violation violation = v.build();
        try {
            violations.sendMessage(message(violation.toByteArray(), context, eventId, CloudEvents.VIOLATION_TYPE))
                    .await().atMost(violationTimeout);
        } catch (RuntimeException e) {
            violationFailures.increment();
            LOG.errorf("violation %s of request %s (tenant %s) not recorded: %s", eventId, context.getRequestId(),
                    context.getTenantId(), e.getMessage());
            // the caller must not treat the prompt as handled: the gate fails closed and retries
            throw new Failure(Failure.Kind.UNAVAILABLE, "violation-not-recorded", "Violation not recorded",
                    "the prompt must be blocked and reported, but its violation could not be written to Kafka; "
                            + "retry the request (the retry carries the same event id)");
        }
        return violation;
    }

    /** Sends the decision of a verdict without waiting; a failure is counted and logged. */
    public Decision publishDecision(String eventId, RequestContext context, Verdict verdict, String promptSha256) {
        Decision.Builder d = Decision.newBuilder()
                .setEventId(eventId)
                .setContext(context)
                .setDecidedAtMillis(System.currentTimeMillis())
                .setDecider(DETECTOR)
                .setStage(ContentStage.CONTENT_STAGE_PROMPT)
                .setAction(Wire.action(verdict.decision()))
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(promptSha256))
                .setPolicyVersion(verdict.policyVersion());
        Set<String> rules = new LinkedHashSet<>();
        verdict.findings().forEach(f -> rules.add(f.rule()));
        d.addAllReasons(rules);
        Decision decision = d.build();
        try {
            decisions.sendMessage(message(decision.toByteArray(), context, eventId, CloudEvents.DECISION_TYPE))
                    .subscribe().with(ok -> {
                    }, failure -> decisionFailed(eventId, context, failure));
        } catch (RuntimeException e) {
            decisionFailed(eventId, context, e); // for example the emitter's buffer is full
        }
        return decision;
    }

    private void decisionFailed(String eventId, RequestContext context, Throwable failure) {
        decisionFailures.increment();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        // at most one line a second: when Kafka is down every check fails the same way
        if (now - last > 1_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            LOG.errorf("decision %s of request %s (tenant %s) not recorded: %s (%d decisions lost so far; see "
                    + "filter_decision_events_failed_total)", eventId, context.getRequestId(), context.getTenantId(),
                    failure.getMessage(), (long) decisionFailures.count());
        }
    }

    private Message<byte[]> message(byte[] payload, RequestContext context, String eventId, String type) {
        return CloudEventMessages.message(payload, context.getTenantId() + "/" + context.getAccountId(), eventId, type, source,
                Instant.now());
    }
}

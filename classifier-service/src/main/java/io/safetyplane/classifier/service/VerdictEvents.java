package io.safetyplane.classifier.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.classifier.config.ClassifierConfig;
import io.safetyplane.classifier.model.Rule;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Evidence;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.service.Failure;
import io.safetyplane.service.kafka.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Emits the events of a verdict: a {@link Decision} on {@code safety.decisions.v1} for every verdict,
 * and a {@link Violation} on {@code safety.violations.v1} for a block verdict on an upload. Both carry
 * the request context and the SHA-256 of the image, never its bytes; the policy version is the
 * model's {@code name@version}. Event ids are derived from the tenant, request id, item id, model and
 * image hash, so a retried request yields the same ids and consumers apply it once.
 *
 * <p>A violation is awaited: if Kafka does not acknowledge it in time the classification fails with
 * 503 ({@code violation-not-recorded}) and the gate fails closed. A decision is not awaited; a
 * decision Kafka does not take is counted ({@code classifier_decision_events_failed_total}) and logged.
 */
@ApplicationScoped
public class VerdictEvents {
    private static final Logger LOG = Logger.getLogger(VerdictEvents.class);
    public static final String DETECTOR = "classifier-service";

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
            ClassifierConfig config, MeterRegistry registry) {
        this.violations = violations;
        this.decisions = decisions;
        this.source = config.events().source();
        this.violationTimeout = config.events().violationSendTimeout();
        this.decisionFailures = Counter.builder("classifier_decision_events_failed")
                .description("Decisions Kafka did not take (not awaited by the classification)").register(registry);
        this.violationFailures = Counter.builder("classifier_violation_events_failed")
                .description("Violations Kafka did not take in time (the classification failed with 503)").register(registry);
    }

    /** Ids of the events of one classification, derived from what identifies it. */
    public record EventIds(String decision, String violation) {
        public static EventIds of(RequestContext context, String itemId, String modelId, String sha256) {
            if (context.getRequestId().isEmpty()) {
                return new EventIds(UUID.randomUUID().toString(), UUID.randomUUID().toString());
            }
            String seed = DETECTOR + "|" + context.getTenantId() + "|" + context.getRequestId() + "|" + itemId + "|" + modelId + "|"
                    + sha256;
            return new EventIds(uuid("decision|" + seed), uuid("violation|" + seed));
        }

        private static String uuid(String seed) {
            return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    static String policyVersion(Verdict v) {
        return v.model().name() + "@" + v.model().version();
    }

    /**
     * Sends the violation of a block verdict on an upload and waits for Kafka's acknowledgement.
     *
     * @throws Failure {@code violation-not-recorded} (503) when Kafka does not take it in time
     */
    public Violation publishViolation(String eventId, RequestContext context, Verdict verdict, ContentStage stage,
            String contentId, String sha256) {
        Rule.RuleResult top = verdict.deciding().orElseThrow();
        Violation.Builder v = Violation.newBuilder()
                .setEventId(eventId)
                .setContext(context)
                .setOccurredAtMillis(System.currentTimeMillis())
                .setDetector(DETECTOR)
                .setCategory(top.rule().category())
                .setSeverity(Severity.SEVERITY_MEDIUM)
                .setAction(Action.ACTION_BLOCK)
                .setStage(stage)
                .setContentId(contentId)
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(sha256))
                // a classifier score is never grounds for a CyberTipline report on its own: a person decides
                .setReportable(false)
                .setPolicyVersion(policyVersion(verdict));
        for (Rule.RuleResult r : verdict.rules()) {
            if (r.action() == verdict.decision()) {
                v.addEvidence(Evidence.newBuilder().setKind("classifier-rule").setName(r.rule().name())
                        .setDetail(String.join("+", r.rule().labels()) + " " + format(r.score()) + " >= block "
                                + format(r.rule().block()))
                        .setScore(r.score()));
            }
        }
        for (int i = 0; i < verdict.scores().length; i++) {
            v.addEvidence(Evidence.newBuilder().setKind("classifier-label").setName(verdict.model().labels().get(i))
                    .setDetail(format(verdict.scores()[i])).setScore(verdict.scores()[i]));
        }
        Violation violation = v.build();
        try {
            violations.sendMessage(message(violation.toByteArray(), context, eventId, CloudEvents.VIOLATION_TYPE))
                    .await().atMost(violationTimeout);
        } catch (RuntimeException e) {
            violationFailures.increment();
            LOG.errorf("violation %s of request %s (tenant %s) not recorded: %s", eventId, context.getRequestId(),
                    context.getTenantId(), e.getMessage());
            throw new Failure(Failure.Kind.UNAVAILABLE, "violation-not-recorded", "Violation not recorded",
                    "the upload must be blocked, but its violation could not be written to Kafka; "
                            + "retry the request (the retry carries the same event id)");
        }
        return violation;
    }

    /** Sends the decision of a verdict without waiting; a failure is counted and logged. */
    public Decision publishDecision(String eventId, RequestContext context, Verdict verdict, ContentStage stage, String contentId,
            String sha256) {
        Decision.Builder d = Decision.newBuilder()
                .setEventId(eventId)
                .setContext(context)
                .setDecidedAtMillis(System.currentTimeMillis())
                .setDecider(DETECTOR)
                .setStage(stage)
                .setAction(wire(verdict.decision()))
                .setContentId(contentId)
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(sha256))
                .setPolicyVersion(policyVersion(verdict));
        for (Rule.RuleResult r : verdict.rules()) {
            if (r.action() != io.safetyplane.classifier.model.Action.ALLOW) {
                d.addReasons(r.rule().name() + ":" + r.action().id());
            }
        }
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

    public static Action wire(io.safetyplane.classifier.model.Action a) {
        return switch (a) {
            case ALLOW -> Action.ACTION_ALLOW;
            case REVIEW -> Action.ACTION_REVIEW;
            case BLOCK -> Action.ACTION_BLOCK;
        };
    }

    private static String format(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private void decisionFailed(String eventId, RequestContext context, Throwable failure) {
        decisionFailures.increment();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last > 1_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            LOG.errorf("decision %s of request %s (tenant %s) not recorded: %s (%d decisions lost so far; see "
                    + "classifier_decision_events_failed_total)", eventId, context.getRequestId(), context.getTenantId(),
                    failure.getMessage(), (long) decisionFailures.count());
        }
    }

    private Message<byte[]> message(byte[] payload, RequestContext context, String eventId, String type) {
        return CloudEventMessages.message(payload, context.getTenantId() + "/" + context.getAccountId(), eventId, type, source,
                Instant.now());
    }
}

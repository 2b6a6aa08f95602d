package io.safetyplane.classifier.service;

import java.util.Locale;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.classifier.config.ClassifierConfig;
import io.safetyplane.classifier.model.Rule;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Evidence;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.service.Failure;
import io.safetyplane.service.kafka.EventPublisher;
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

    private final EventPublisher publisher;

    @Inject
    public VerdictEvents(@Channel("violations") MutinyEmitter<byte[]> violations,
            @Channel("decisions") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<byte[]> decisions,
            ClassifierConfig config, MeterRegistry registry) {
        this.publisher = new EventPublisher(LOG, violations, decisions, "classifier", "classification", "the upload must be blocked",
                config.events().source(), config.events().violationSendTimeout(), registry);
    }

    /** Ids of the events of one classification, derived from what identifies it. */
    public record EventIds(String decision, String violation) {
        public static EventIds of(RequestContext context, String itemId, String modelId, String sha256) {
            String seed = context.getRequestId().isEmpty() ? null : DETECTOR + "|" + context.getTenantId() + "|"
                    + context.getRequestId() + "|" + itemId + "|" + modelId + "|" + sha256;
            return new EventIds(EventPublisher.eventId("decision", seed), EventPublisher.eventId("violation", seed));
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
        publisher.publishViolation(eventId, context, violation.toByteArray());
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
        publisher.publishDecision(eventId, context, decision.toByteArray());
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
}

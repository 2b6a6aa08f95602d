package io.safetyplane.filter.service;

import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
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
import io.safetyplane.service.kafka.EventPublisher;
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

    private final EventPublisher publisher;

    @Inject
    public VerdictEvents(@Channel("violations") MutinyEmitter<byte[]> violations,
            @Channel("decisions") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<byte[]> decisions,
            FilterServiceConfig config, MeterRegistry registry) {
        this.publisher = new EventPublisher(LOG, violations, decisions, "filter", "check", "the prompt must be blocked and reported",
                config.events().source(), config.events().violationSendTimeout(), registry);
    }

    /** Ids of the events of one check, derived from what identifies the check. */
    public record EventIds(String decision, String violation) {
        public static EventIds of(RequestContext context, String itemId, String promptSha256) {
            String seed = context.getRequestId().isEmpty() ? null : DETECTOR + "|" + context.getTenantId() + "|"
                    + context.getRequestId() + "|" + itemId + "|" + promptSha256;
            return new EventIds(EventPublisher.eventId("decision", seed), EventPublisher.eventId("violation", seed));
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
        publisher.publishViolation(eventId, context, violation.toByteArray());
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
        publisher.publishDecision(eventId, context, decision.toByteArray());
        return decision;
    }
}

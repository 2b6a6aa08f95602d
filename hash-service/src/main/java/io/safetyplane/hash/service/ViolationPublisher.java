package io.safetyplane.hash.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Evidence;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.hash.bank.BankMatch;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.service.Failure;
import io.safetyplane.service.kafka.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Emits a violation on {@code safety.violations.v1} for matches in a reporting bank. The event
 * carries the request context and the content's hashes, never its bytes. Its id is derived from
 * the request id, category and entries, so a retried request yields the same event id and the
 * enforcement-service applies it once.
 */
@ApplicationScoped
public class ViolationPublisher {
    private final MutinyEmitter<byte[]> emitter;
    private final HashServiceConfig.Violations config;

    public ViolationPublisher(@Channel("violations") MutinyEmitter<byte[]> emitter, HashServiceConfig config) {
        this.emitter = emitter;
        this.config = config.violations();
    }

    /** Sends one violation for one category's matches and waits for Kafka's acknowledgement. */
    public Violation publish(RequestContext context, String contentId, ContentStage stage, String category,
            List<BankMatch> matches, List<QuerySignal> signals) {
        Violation.Builder v = Violation.newBuilder()
                .setEventId(eventId(context, category, matches))
                .setContext(context)
                .setOccurredAtMillis(System.currentTimeMillis())
                .setDetector("hash-service")
                .setCategory(category)
                .setStage(stage)
                .setSeverity(Severity.SEVERITY_CRITICAL)
                .setAction(Action.ACTION_BLOCK_AND_REPORT)
                .setContentId(contentId == null ? "" : contentId)
                .setReportable(true);
        for (QuerySignal s : signals) {
            v.addHashes(ContentHash.newBuilder().setType(s.type()).setValue(s.value()));
        }
        for (BankMatch m : matches) {
            v.addEvidence(Evidence.newBuilder()
                    .setKind("bank-match")
                    .setName(m.bank().name())
                    .setDetail(m.entry().id() + (m.entry().externalId() == null ? "" : " (" + m.entry().externalId() + ")")
                            + " distance " + m.distance() + " " + m.transform())
                    .setScore(m.distance()));
        }
        Violation violation = v.build();
        Message<byte[]> message = CloudEventMessages.message(violation.toByteArray(),
                context.getTenantId() + "/" + context.getAccountId(), violation.getEventId(), CloudEvents.VIOLATION_TYPE,
                config.source(), Instant.now());
        try {
            emitter.sendMessage(message).await().atMost(config.sendTimeout());
        } catch (RuntimeException e) {
            // the caller must not treat the content as handled: the gate fails closed and retries
            throw new Failure(Failure.Kind.UNAVAILABLE, "violation-not-recorded", "Violation not recorded",
                    "the match was found but its violation could not be written to Kafka: " + e.getMessage());
        }
        return violation;
    }

    private static String eventId(RequestContext context, String category, List<BankMatch> matches) {
        if (context.getRequestId().isEmpty()) {
            return UUID.randomUUID().toString();
        }
        StringBuilder seed = new StringBuilder("hash-service|").append(context.getRequestId()).append('|').append(category);
        matches.stream().map(m -> m.bank().name() + "/" + m.entry().id()).sorted().forEach(id -> seed.append('|').append(id));
        return UUID.nameUUIDFromBytes(seed.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}

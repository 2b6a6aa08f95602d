package io.safetyplane.service.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.service.Failure;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends a service's violations and decisions as CloudEvents. A violation is awaited: if Kafka does not
 * acknowledge it in time it is counted ({@code <prefix>_violation_events_failed_total}) and the call
 * fails with 503 ({@code violation-not-recorded}), so the gate fails closed. A decision is not awaited;
 * one Kafka does not take is counted ({@code <prefix>_decision_events_failed_total}) and logged, at most
 * one line a second.
 */
public final class EventPublisher {
    private final Logger log;
    private final MutinyEmitter<byte[]> violations;
    private final MutinyEmitter<byte[]> decisions;
    private final String prefix;
    private final String source;
    private final Duration violationTimeout;
    private final String blocked;
    private final Counter decisionFailures;
    private final Counter violationFailures;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    /**
     * @param decisions the decisions channel; null for a service that emits violations only
     * @param prefix the metric-name prefix, {@code filter} for {@code filter_decision_events_failed}
     * @param operation what the caller does, in counter descriptions ({@code check})
     * @param blocked what must happen to the content, in the 503's detail ({@code the prompt must be blocked})
     */
    public EventPublisher(Logger log, MutinyEmitter<byte[]> violations, MutinyEmitter<byte[]> decisions, String prefix,
            String operation, String blocked, String source, Duration violationTimeout, MeterRegistry registry) {
        this.log = log;
        this.violations = violations;
        this.decisions = decisions;
        this.prefix = prefix;
        this.source = source;
        this.violationTimeout = violationTimeout;
        this.blocked = blocked;
        this.decisionFailures = Counter.builder(prefix + "_decision_events_failed")
                .description("Decisions Kafka did not take (not awaited by the " + operation + ")").register(registry);
        this.violationFailures = Counter.builder(prefix + "_violation_events_failed")
                .description("Violations Kafka did not take in time (the " + operation + " failed with 503)").register(registry);
    }

    /**
     * The id of a {@code kind} event ({@code decision}): name-based on {@code seed}, so that a retried
     * request yields the same id; random where there is no seed (a request without an id).
     */
    public static String eventId(String kind, String seed) {
        return seed == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes((kind + "|" + seed).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Sends a violation and waits for Kafka's acknowledgement.
     *
     * @throws Failure {@code violation-not-recorded} (503) when Kafka does not take it in time
     */
    public void publishViolation(String eventId, RequestContext context, byte[] payload) {
        try {
            violations.sendMessage(message(payload, context, eventId, CloudEvents.VIOLATION_TYPE)).await().atMost(violationTimeout);
        } catch (RuntimeException e) {
            violationFailures.increment();
            log.errorf("violation %s of request %s (tenant %s) not recorded: %s", eventId, context.getRequestId(),
                    context.getTenantId(), e.getMessage());
            // the caller must not treat the content as handled: the gate fails closed and retries
            throw new Failure(Failure.Kind.UNAVAILABLE, "violation-not-recorded", "Violation not recorded",
                    blocked + ", but its violation could not be written to Kafka; "
                            + "retry the request (the retry carries the same event id)");
        }
    }

    /** Sends a decision without waiting; a failure is counted and logged. */
    public void publishDecision(String eventId, RequestContext context, byte[] payload) {
        try {
            decisions.sendMessage(message(payload, context, eventId, CloudEvents.DECISION_TYPE))
                    .subscribe().with(ok -> {
                    }, failure -> decisionFailed(eventId, context, failure));
        } catch (RuntimeException e) {
            decisionFailed(eventId, context, e); // for example the emitter's buffer is full
        }
    }

    private void decisionFailed(String eventId, RequestContext context, Throwable failure) {
        decisionFailures.increment();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        // at most one line a second: when Kafka is down every call fails the same way
        if (now - last > 1_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            log.errorf("decision %s of request %s (tenant %s) not recorded: %s (%d decisions lost so far; see "
                    + "%s_decision_events_failed_total)", eventId, context.getRequestId(), context.getTenantId(),
                    failure.getMessage(), (long) decisionFailures.count(), prefix);
        }
    }

    private Message<byte[]> message(byte[] payload, RequestContext context, String eventId, String type) {
        return CloudEventMessages.message(payload, context.getTenantId() + "/" + context.getAccountId(), eventId, type, source,
                Instant.now());
    }
}

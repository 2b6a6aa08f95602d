package io.safetyplane.enforcement.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.contracts.Topics;
import io.safetyplane.enforcement.model.OutboxEntity;
import io.safetyplane.service.kafka.CloudEventMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Relays the outbox to Kafka: the oldest unsent events, in order, each marked sent once Kafka acknowledged it. Rows
 * are locked while they are sent, so replicas never send the same event concurrently; an event sent but not marked
 * (a crash between the two) is sent again, and consumers dedupe it by its event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final MutinyEmitter<byte[]> actions;
    private final Clock clock;
    private final Counter relayed;
    private final String source;

    @Inject
    public OutboxRelay(@Channel("actions") MutinyEmitter<byte[]> actions, Clock clock, MeterRegistry meters,
            io.safetyplane.enforcement.config.EnforcementConfig config) {
        this.actions = actions;
        this.clock = clock;
        this.source = config.eventSource();
        this.relayed = Counter.builder("enforcement_outbox_relayed").description("Outbox events sent to Kafka").register(meters);
    }

    @Scheduled(every = "${enforcement-service.outbox-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // the emitter is connected once the application runs
    Uni<Void> relay() {
        return Panache.withTransaction(() -> OutboxEntity.<OutboxEntity>find("sentAt is null order by id")
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, BATCH).list()
                .flatMap(this::send))
                .onFailure().invoke(e -> LOG.warnf("outbox relay paused: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> send(List<OutboxEntity> events) {
        return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(e -> {
            if (!Topics.ENFORCEMENT_ACTIONS.equals(e.topic)) {
                return Uni.createFrom().failure(new IllegalStateException("outbox event " + e.eventId + " for unknown topic " + e.topic));
            }
            return actions.sendMessage(CloudEventMessages.message(e.payload, e.recordKey, e.eventId, e.eventType, source, e.createdAt))
                    .ifNoItem().after(Duration.ofSeconds(10)).fail()
                    .invoke(() -> {
                        e.sentAt = clock.instant();
                        relayed.increment();
                    });
        }).collect().last().replaceWithVoid();
    }
}

package io.safetyplane.enforcement.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.contracts.Topics;
import io.safetyplane.service.kafka.CloudEventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Relays the outbox to Kafka: the oldest unsent events, in order, each marked sent once Kafka acknowledged it. Rows
 * are locked while they are sent, so replicas never send the same event concurrently; an event sent but not marked
 * (a crash between the two) is sent again, and consumers dedupe it by its event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final String UNSENT = "select id, topic, record_key, event_id, event_type, payload, created_at from outbox"
            + " where sent_at is null order by id limit $1 for update";
    private static final String MARK_SENT = "update outbox set sent_at = $1 where id = any($2)";

    private final MutinyEmitter<byte[]> actions;
    private final Clock clock;
    private final Counter relayed;
    private final String source;
    private final Pool pool;

    @Inject
    public OutboxRelay(@Channel("actions") MutinyEmitter<byte[]> actions, Clock clock, MeterRegistry meters,
            io.safetyplane.enforcement.config.EnforcementConfig config, Pool pool) {
        this.pool = pool;
        this.actions = actions;
        this.clock = clock;
        this.source = config.eventSource();
        this.relayed = Counter.builder("enforcement_outbox_relayed").description("Outbox events sent to Kafka").register(meters);
    }

    @Scheduled(every = "${enforcement-service.outbox-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // the emitter is connected once the application runs
    Uni<Void> relay() {
        return pool.withTransaction(conn -> conn.preparedQuery(UNSENT).execute(Tuple.of(BATCH)).flatMap(rows -> send(conn, rows)))
                // a full batch may have more behind it: go on until the outbox is drained
                .flatMap(sent -> sent == BATCH ? relay() : Uni.createFrom().voidItem())
                .onFailure().invoke(e -> LOG.warnf("outbox relay paused: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends the events, in order (the producer keeps the order of a key's records), then marks them sent. */
    private Uni<Integer> send(SqlConnection conn, RowSet<Row> events) {
        if (events.size() == 0) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        List<Long> ids = new ArrayList<>(events.size());
        for (Row e : events) {
            String eventId = e.getString("event_id");
            if (!Topics.ENFORCEMENT_ACTIONS.equals(e.getString("topic"))) {
                return Uni.createFrom().failure(new IllegalStateException("outbox event " + eventId + " for unknown topic " + e.getString("topic")));
            }
            ids.add(e.getLong("id"));
            sends.add(actions.sendMessage(CloudEventMessages.message(e.getBuffer("payload").getBytes(), e.getString("record_key"), eventId,
                    e.getString("event_type"), source, e.getOffsetDateTime("created_at").toInstant())).ifNoItem().after(Duration.ofSeconds(10)).fail());
        }
        return Uni.join().all(sends).andFailFast()
                .flatMap(x -> conn.preparedQuery(MARK_SENT).execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC), ids.toArray(Long[]::new))))
                .invoke(() -> relayed.increment(ids.size()))
                .replaceWith(ids.size());
    }
}

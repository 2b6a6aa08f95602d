package io.safetyplane.enforcement.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.ProcessedEvent;
import io.safetyplane.enforcement.model.ViolationEntity;
import io.safetyplane.enforcement.review.ReviewQueue;
import io.safetyplane.enforcement.sanction.ActiveStrikes;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes violations from {@code safety.violations.v1} and applies their effects in PostgreSQL, a batch of records (one
 * poll) per transaction: at-least-once delivery (the batch is acknowledged once its transaction committed), exactly-once
 * effects (each event id is recorded in {@code processed_events} in the same transaction, and a batch first drops the
 * ids already recorded, with one query). Records are applied one after the other in the order of their partition, so
 * the violations of one account (the record key) count each other's strikes in offset order. A record that is not a
 * Violation goes to the dead-letter topic alone, the rest of its batch is applied. While PostgreSQL is unavailable the
 * batch is retried with back-off and no further batch is taken, so consumption pauses and resumes.
 *
 * <p>The intake writes without Hibernate, on the reactive client's pool: each violation's effects are decided and
 * built in memory (the rows come from {@link Sanctions#imposition} and {@link ReviewQueue#itemFor}, as the ORM paths
 * build them), the batch's audit entries are chained onto the locked tail at once, and each table's rows go out as
 * one batched insert ({@link IntakeRows}).
 */
@ApplicationScoped
public class ViolationIntake {
    private static final Logger LOG = Logger.getLogger(ViolationIntake.class);

    private static final AuditEntry.Actor LADDER = AuditEntry.Actor.system("ladder");
    private static final String PROCESSED = "select event_id from processed_events where event_id = any($1)";

    private final Ladder ladder;
    private final Clock clock;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter malformed;
    private final MutinyEmitter<byte[]> deadLetters;

    private final Sanctions sanctions;
    private final ReviewQueue reviewQueue;
    private final AuditLog audit;
    private final Pool pool;

    public ViolationIntake(Ladder ladder, Sanctions sanctions, ReviewQueue reviewQueue, AuditLog audit, Pool pool, Clock clock,
            MeterRegistry meters, @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters) {
        this.ladder = ladder;
        this.sanctions = sanctions;
        this.reviewQueue = reviewQueue;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.applied = Counter.builder("enforcement_violations_applied").description("Violations whose effects were applied")
                .register(meters);
        this.duplicates = Counter.builder("enforcement_violations_duplicate")
                .description("Redelivered violations that were already applied").register(meters);
        this.malformed = Counter.builder("enforcement_violations_malformed")
                .description("Records that were not Violations (sent to the dead-letter topic)").register(meters);
    }

    @Incoming("violations")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<Violation> violations = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, byte[]> r : batch) {
            try {
                violations.add(parse(r.getPayload()));
            } catch (MalformedEventException e) {
                malformed.increment();
                rejected.add(deadLetter(r, e.getMessage()));
            }
        }
        // a database outage is not the records' fault: retry the batch until PostgreSQL is back, which pauses the
        // consumer; a retry after a commit whose answer was lost finds every event id recorded and does nothing
        return pool.withTransaction(conn -> applyAll(conn, violations))
                .flatMap(x -> rejected.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(rejected).andFailFast().replaceWithVoid())
                .onFailure().invoke(e -> LOG.warnf("a batch of %d violations not applied yet (%s); retrying", violations.size(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .flatMap(x -> Uni.createFrom().completionStage(batch::ack));
    }

    static Violation parse(byte[] payload) {
        Violation v;
        try {
            v = Violation.parseFrom(payload == null ? new byte[0] : payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEventException("not a safety.events.v1.Violation: " + e.getMessage());
        }
        if (v.getEventId().isBlank() || v.getContext().getTenantId().isBlank() || v.getContext().getAccountId().isBlank()) {
            throw new MalformedEventException("violation without event id, tenant or account");
        }
        return v;
    }

    /** The violations of a batch not applied before, each once, in order, in the transaction of {@code conn}. */
    Uni<Void> applyAll(SqlConnection conn, List<Violation> violations) {
        if (violations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        String[] ids = violations.stream().map(Violation::getEventId).distinct().toArray(String[]::new);
        return conn.preparedQuery(PROCESSED).execute(Tuple.of(ids)).flatMap(processed -> {
            Set<String> seen = new HashSet<>();
            processed.forEach(p -> seen.add(p.getString(0)));
            List<Violation> fresh = violations.stream().filter(v -> seen.add(v.getEventId())).toList();
            duplicates.increment(violations.size() - fresh.size());
            List<ViolationFacts> facts = fresh.stream().map(ViolationFacts::of).toList();
            return ActiveStrikes.of(conn, facts.stream().map(Target::of).toList(), now).flatMap(strikes -> {
                IntakeRows rows = new IntakeRows();
                for (int i = 0; i < fresh.size(); i++) {
                    apply(fresh.get(i), facts.get(i), strikes, rows);
                }
                return audit.chain(conn, rows.auditEvents()).flatMap(entries -> rows.insert(conn, entries))
                        .invoke(() -> applied.increment(fresh.size()));
            });
        });
    }

    /**
     * Gathers the effects of one violation not applied before into {@code rows}. {@code strikes} holds its target's
     * active strikes and takes the strike of the sanction it leads to.
     */
    private void apply(Violation v, ViolationFacts facts, ActiveStrikes strikes, IntakeRows rows) {
        Instant now = clock.instant();
        Decision decision = ladder.decide(facts, strikes.of(Target.of(facts), now), now);
        UUID sanctionId = null;
        if (decision instanceof Sanction s) {
            Sanctions.Imposition imposition = sanctions.imposition(s, facts, LADDER, null);
            strikes.add(s.target(), s.strike());
            rows.add(imposition);
            sanctionId = imposition.sanction().id;
        }
        rows.add(record(v, facts, decision, sanctionId, now));
        reviewQueue.itemFor(facts, decision, sanctionId).ifPresent(rows::add);
        rows.add(ProcessedEvent.of(v.getEventId(), Topics.VIOLATIONS, now));
        LOG.debugf("violation %s: %s", v.getEventId(), decision.reason());
    }

    /** The record, alone, on the dead-letter topic, with SmallRye's dead-letter headers (reason, topic, partition, offset). */
    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> r, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", r.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(r.getPartition()).getBytes(StandardCharsets.UTF_8));
        long offset = r.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
        headers.add("dead-letter-offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(r.getKey()).withHeaders(headers)
                .build();
        return deadLetters.sendMessage(Message.of(r.getPayload() == null ? new byte[0] : r.getPayload()).addMetadata(metadata));
    }

    private static ViolationEntity record(Violation v, ViolationFacts f, Decision decision, UUID sanctionId, Instant now) {
        ViolationEntity e = new ViolationEntity();
        e.eventId = f.eventId();
        e.tenantId = f.tenantId();
        e.accountId = f.accountId();
        e.endUserId = f.endUserId();
        e.detector = f.detector();
        e.category = f.category();
        e.severity = f.severity().id();
        e.verdict = f.verdict().name().toLowerCase(Locale.ROOT);
        e.stage = f.stage().id();
        e.reportable = f.reportable();
        e.contentId = v.getContentId();
        e.policyVersion = v.getPolicyVersion();
        e.occurredAt = f.occurredAt();
        e.receivedAt = now;
        e.ladderReason = decision.reason();
        e.sanctionId = sanctionId;
        return e;
    }
}

package io.safetyplane.enforcement.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.ProcessedEvent;
import io.safetyplane.enforcement.model.ViolationEntity;
import io.safetyplane.enforcement.review.ReviewQueue;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Takes violations from {@code safety.violations.v1} and applies their effects in PostgreSQL: at-least-once delivery
 * (a record is acknowledged once its transaction committed), exactly-once effects (the event id is recorded in the same
 * transaction, so a redelivered event does nothing). A record that is not a Violation fails and goes to the dead-letter
 * topic; while PostgreSQL is unavailable the record is retried with back-off, so consumption pauses and resumes.
 */
@ApplicationScoped
public class ViolationIntake {
    private static final Logger LOG = Logger.getLogger(ViolationIntake.class);

    private static final AuditEntry.Actor LADDER = AuditEntry.Actor.system("ladder");

    private final Ladder ladder;
    private final Clock clock;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter malformed;

    private final Sanctions sanctions;
    @Inject
    ReviewQueue reviewQueue;

    public ViolationIntake(Ladder ladder, Sanctions sanctions, Clock clock, MeterRegistry meters) {
        this.ladder = ladder;
        this.sanctions = sanctions;
        this.clock = clock;
        this.applied = Counter.builder("enforcement_violations_applied").description("Violations whose effects were applied")
                .register(meters);
        this.duplicates = Counter.builder("enforcement_violations_duplicate")
                .description("Redelivered violations that were already applied").register(meters);
        this.malformed = Counter.builder("enforcement_violations_malformed")
                .description("Records that were not Violations (sent to the dead-letter topic)").register(meters);
    }

    @Incoming("violations")
    public Uni<Void> consume(byte[] payload) {
        Violation v;
        try {
            v = Violation.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            malformed.increment();
            return Uni.createFrom().failure(new MalformedEventException("not a safety.events.v1.Violation: " + e.getMessage()));
        }
        if (v.getEventId().isBlank() || v.getContext().getTenantId().isBlank() || v.getContext().getAccountId().isBlank()) {
            malformed.increment();
            return Uni.createFrom().failure(new MalformedEventException("violation without event id, tenant or account"));
        }
        // a database outage is not the record's fault: retry it until PostgreSQL is back, which pauses this partition
        return Panache.withTransaction(() -> apply(v))
                .onFailure().invoke(e -> LOG.warnf("violation %s not applied yet (%s); retrying", v.getEventId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }

    /** The effects of one violation, in the caller's transaction. */
    Uni<Boolean> apply(Violation v) {
        Instant now = clock.instant();
        return ProcessedEvent.<ProcessedEvent>findById(v.getEventId()).flatMap(seen -> {
            if (seen != null) {
                duplicates.increment();
                return Uni.createFrom().item(false);
            }
            ViolationFacts facts = ViolationFacts.of(v);
            Target target = Target.of(facts);
            return Sanctions.activeStrikes(target, now).flatMap(strikes -> {
                Decision decision = ladder.decide(facts, strikes, now);
                Uni<UUID> sanction = decision instanceof Sanction s
                        ? sanctions.impose(s, facts, LADDER, null).map(e -> e.id)
                        : Uni.createFrom().nullItem();
                return sanction.flatMap(id -> record(v, facts, decision, id, now).persist().call(x -> reviewQueue.route(facts, decision, id)))
                        .flatMap(x -> ProcessedEvent.of(v.getEventId(), Topics.VIOLATIONS, now).persist())
                        .invoke(x -> {
                            applied.increment();
                            LOG.debugf("violation %s: %s", v.getEventId(), decision.reason());
                        })
                        .replaceWith(true);
            });
        });
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

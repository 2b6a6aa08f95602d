package io.safetyplane.enforcement.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.enforcement.v1.AccountAction;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Strike;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.OutboxEntity;
import io.safetyplane.enforcement.model.ProcessedEvent;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.model.StrikeEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes violations from {@code safety.violations.v1} and applies their effects in PostgreSQL: at-least-once delivery
 * (a record is acknowledged once its transaction committed), exactly-once effects (the event id is recorded in the same
 * transaction, so a redelivered event does nothing). A record that is not a Violation fails and goes to the dead-letter
 * topic; while PostgreSQL is unavailable the record is retried with back-off, so consumption pauses and resumes.
 */
@ApplicationScoped
public class ViolationIntake {
    private static final Logger LOG = Logger.getLogger(ViolationIntake.class);

    private final Ladder ladder;
    private final Clock clock;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter malformed;

    private final AuditLog audit;

    public ViolationIntake(Ladder ladder, AuditLog audit, Clock clock, MeterRegistry meters) {
        this.ladder = ladder;
        this.audit = audit;
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
            return activeStrikes(target, now).flatMap(strikes -> {
                Decision decision = ladder.decide(facts, strikes, now);
                Uni<?> effects = decision instanceof Sanction s ? persist(s, now).flatMap(id -> audit.append(
                        AuditEntry.Actor.system("ladder"), "sanction.applied", new AuditEntry.Subject("sanction", id.toString()), s.reason(),
                        Map.of("action", s.action().id(), "category", s.category().id(), "rule", s.rule(), "target", s.target().key(),
                                "violation", v.getEventId(), "until", s.until() == null ? "" : s.until().toString())))
                        : Uni.createFrom().voidItem();
                return effects.flatMap(x -> ProcessedEvent.of(v.getEventId(), Topics.VIOLATIONS, now).persist())
                        .invoke(x -> {
                            applied.increment();
                            LOG.debugf("violation %s: %s", v.getEventId(), decision.reason());
                        })
                        .replaceWith(true);
            });
        });
    }

    private static Uni<List<Strike>> activeStrikes(Target target, Instant now) {
        return StrikeEntity.<StrikeEntity>list("tenantId = ?1 and accountId = ?2 and endUserId = ?3 and removedAt is null and (expiresAt is null or expiresAt > ?4)",
                target.tenantId(), target.accountId(), endUser(target), now)
                .map(list -> list.stream().map(s -> new Strike(io.safetyplane.enforcement.ladder.Category.find(s.category).orElseThrow(),
                        s.weight, s.at, s.expiresAt)).toList());
    }

    private static Uni<UUID> persist(Sanction s, Instant now) {
        SanctionEntity e = new SanctionEntity();
        e.id = UUID.randomUUID();
        e.tenantId = s.target().tenantId();
        e.accountId = s.target().accountId();
        e.endUserId = endUser(s.target());
        e.action = s.action().id();
        e.startsAt = s.at();
        e.endsAt = s.until();
        e.category = s.category().id();
        e.rule = s.rule();
        e.reason = s.reason();
        e.violationEventId = s.violationEventId();
        e.automated = true;
        e.pendingSecondReview = s.needsSecondReviewer();
        e.createdAt = now;
        StrikeEntity k = new StrikeEntity();
        k.id = UUID.randomUUID();
        k.sanctionId = e.id;
        k.tenantId = e.tenantId;
        k.accountId = e.accountId;
        k.endUserId = e.endUserId;
        k.category = s.strike().category().id();
        k.weight = s.strike().weight();
        k.at = s.strike().at();
        k.expiresAt = s.strike().expiresAt();
        return e.persist().flatMap(x -> k.persist()).flatMap(x -> action(s, e).persist()).replaceWith(e.id);
    }

    /** The sanction's announcement on {@code enforcement.actions.v1}, for the outbox; its event id follows from the sanction. */
    private static OutboxEntity action(Sanction s, SanctionEntity e) {
        AccountAction a = AccountAction.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("account-action|" + e.id).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .setSanctionId(e.id.toString()).setTenantId(e.tenantId).setAccountId(e.accountId).setEndUserId(e.endUserId)
                .setAction(e.action).setUntilMillis(e.endsAt == null ? 0 : e.endsAt.toEpochMilli()).setCategory(e.category)
                .setReason(e.reason).setViolationEventId(e.violationEventId == null ? "" : e.violationEventId)
                .setAtMillis(e.startsAt.toEpochMilli()).setAutomated(e.automated).setPendingSecondReview(e.pendingSecondReview).build();
        return OutboxEntity.of(Topics.ENFORCEMENT_ACTIONS, e.tenantId + "/" + e.accountId, a.getEventId(), CloudEvents.ACTION_TYPE,
                a.toByteArray(), e.createdAt);
    }

    /** The end user a target names, or {@code ''} for the account itself. */
    static String endUser(Target t) {
        return t.kind() == Target.Kind.END_USER ? t.endUserId() : "";
    }
}

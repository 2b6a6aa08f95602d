package io.safetyplane.enforcement.sanction;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.enforcement.v1.AccountAction;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditEvent;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.OutboxEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.model.StrikeEntity;
import io.safetyplane.enforcement.notification.Notices;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place sanctions are imposed and lifted, in the caller's transaction: the sanction, its strike, its
 * announcement on {@code enforcement.actions.v1} (outbox), its written notice to the tenant ({@link Notices}) and its
 * audit entry are written together.
 */
@ApplicationScoped
public class Sanctions {
    /** The action announced when a sanction ends early (an overturned appeal or review). */
    public static final String LIFT = "lift";

    private final AuditLog audit;
    private final Notices notices;
    private final Clock clock;

    public Sanctions(AuditLog audit, Notices notices, Clock clock) {
        this.audit = audit;
        this.notices = notices;
        this.clock = clock;
    }

    /** The rows a sanction is imposed with, written together: {@link #impose}, or the violations intake's batched inserts. */
    public record Imposition(SanctionEntity sanction, StrikeEntity strike, OutboxEntity announcement, Notices.Issued notice,
            AuditEvent audit) {
    }

    /**
     * Imposes what the ladder (or a reviewer, {@code decidedBy}) decided, in the caller's transaction.
     *
     * @param facts the violation that led to it, for its notice; null when a person decided without one
     * @param replaces the sanction this one takes over from (lifted by the caller), or null
     */
    public Uni<SanctionEntity> impose(Sanction s, ViolationFacts facts, AuditEntry.Actor decidedBy, UUID replaces) {
        Imposition i = imposition(s, facts, decidedBy, replaces);
        return i.sanction().persist().flatMap(x -> i.strike().persist()).flatMap(x -> i.announcement().persist())
                .flatMap(x -> i.notice().persist()).flatMap(x -> audit.append(i.audit())).replaceWith(i.sanction());
    }

    /** The rows of {@link #impose}, not written. */
    public Imposition imposition(Sanction s, ViolationFacts facts, AuditEntry.Actor decidedBy, UUID replaces) {
        Instant now = clock.instant();
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
        e.automated = decidedBy.isSystem();
        e.decidedBy = decidedBy.id();
        e.pendingSecondReview = s.needsSecondReviewer();
        e.replaces = replaces;
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
        Notices.Issued notice = notices.sanctioned(e, facts);
        AuditEvent audit = new AuditEvent(decidedBy, "sanction.applied", subject(e), s.reason(),
                Map.of("action", e.action, "category", e.category, "rule", e.rule, "target", s.target().key(),
                        "violation", e.violationEventId, "until", e.endsAt == null ? "" : e.endsAt.toString(),
                        "replaces", replaces == null ? "" : replaces.toString(), "notice", notice.notice().id.toString()));
        return new Imposition(e, k, announce(e, e.action, now), notice, audit);
    }

    /**
     * Ends a sanction early and removes its strike, so the standing it caused is restored; the tenant gets a notice
     * of kind {@code lift}. Fails with {@link IllegalStateException} when the sanction was already lifted.
     */
    public Uni<SanctionEntity> lift(SanctionEntity e, AuditEntry.Actor by, String reason) {
        if (e.liftedAt != null) {
            return Uni.createFrom().failure(new IllegalStateException("sanction " + e.id + " was already lifted"));
        }
        Instant now = clock.instant();
        e.liftedAt = now;
        e.liftedBy = by.id();
        e.liftedReason = reason;
        return StrikeEntity.update("removedAt = ?1 where sanctionId = ?2 and removedAt is null", now, e.id)
                .flatMap(x -> announce(e, LIFT, now).persist())
                .flatMap(x -> notices.lifted(e))
                .flatMap(notice -> audit.append(by, "sanction.lifted", subject(e), reason,
                        Map.of("action", e.action, "category", e.category, "target", e.targetKey(), "notice", notice.id.toString())))
                .replaceWith(e);
    }

    /** The sanction's announcement on {@code enforcement.actions.v1}; its event id follows from the sanction and the action. */
    static OutboxEntity announce(SanctionEntity e, String action, Instant now) {
        AccountAction a = AccountAction.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(("account-action|" + e.id + "|" + action).getBytes(StandardCharsets.UTF_8)).toString())
                .setSanctionId(e.id.toString()).setTenantId(e.tenantId).setAccountId(e.accountId).setEndUserId(e.endUserId)
                .setAction(action).setUntilMillis(e.endsAt == null || LIFT.equals(action) ? 0 : e.endsAt.toEpochMilli())
                .setCategory(e.category).setReason(LIFT.equals(action) ? e.liftedReason : e.reason)
                .setViolationEventId(e.violationEventId == null ? "" : e.violationEventId)
                .setAtMillis((LIFT.equals(action) ? now : e.startsAt).toEpochMilli()).setAutomated(e.automated)
                .setPendingSecondReview(!LIFT.equals(action) && e.pendingSecondReview).build();
        return OutboxEntity.of(Topics.ENFORCEMENT_ACTIONS, e.tenantId + "/" + e.accountId, a.getEventId(), CloudEvents.ACTION_TYPE,
                a.toByteArray(), now);
    }

    private static AuditEntry.Subject subject(SanctionEntity e) {
        return new AuditEntry.Subject("sanction", e.id.toString());
    }

    /** The end user a target names, or {@code ''} for the account itself. */
    public static String endUser(Target t) {
        return t.kind() == Target.Kind.END_USER ? t.endUserId() : "";
    }
}

package io.safetyplane.enforcement.review;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.ladder.Action;
import io.safetyplane.enforcement.ladder.Category;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.LadderPolicy;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Stage;
import io.safetyplane.enforcement.ladder.Step;
import io.safetyplane.enforcement.ladder.Strike;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.ReviewItemEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.model.StrikeEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.enforcement.model.ViolationEntity;
import io.safetyplane.enforcement.sanction.ActiveStrikes;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.enforcement.tipline.TiplineQueue;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * A person's decision on a review item, in the caller's transaction, with its audit entry. The item is locked, so two
 * reviewers never decide the same item.
 * <ul>
 * <li>escalate: to the senior reviewers' queue;</li>
 * <li>a flagged violation: confirm applies the ladder with the reviewer as the decider, overturn clears it;</li>
 * <li>a disable pending review (four-eyes): a first confirm waits for a second one from a senior reviewer or admin who is
 *     someone else, which replaces the pending suspension by the permanent disable; an overturn at either stage lifts
 *     the suspension;</li>
 * <li>a sampled allowed decision: confirm means the allow was right, overturn that it should have been blocked (a miss of
 *     the automated system);</li>
 * <li>an abuse report: confirm means founded, overturn unfounded; nothing is imposed on a reporter's word.</li>
 * </ul>
 * A permanent disable for a violation the ladder sends to CyberTipline review (CSAM) that the second reviewer confirms
 * is a confirmed incident: its CyberTipline report is queued in the same transaction, with the evidence preserved for
 * the violation. An overturned violation's evidence is dismissed.
 */
@ApplicationScoped
public class ReviewDecisions {
    public static final String CONFIRM = "confirm";
    public static final String OVERTURN = "overturn";
    public static final String ESCALATE = "escalate";

    private final Sanctions sanctions;
    private final Ladder ladder;
    private final ReviewQueue queue;
    private final AuditLog audit;
    private final TiplineQueue tipline;
    private final EvidenceVault vault;
    private final Clock clock;
    private final MeterRegistry meters;

    public ReviewDecisions(Sanctions sanctions, Ladder ladder, ReviewQueue queue, AuditLog audit, TiplineQueue tipline, EvidenceVault vault,
            Clock clock, MeterRegistry meters) {
        this.sanctions = sanctions;
        this.ladder = ladder;
        this.queue = queue;
        this.audit = audit;
        this.tipline = tipline;
        this.vault = vault;
        this.clock = clock;
        this.meters = meters;
    }

    /** Decides an item: {@code outcome} is one of {@link #CONFIRM}, {@link #OVERTURN}, {@link #ESCALATE}. */
    public Uni<ReviewItemEntity> decide(UUID id, String outcome, String note, SecurityIdentity who) {
        AuditEntry.Actor actor = Roles.actor(who);
        return ReviewItemEntity.<ReviewItemEntity>findById(id, LockModeType.PESSIMISTIC_WRITE).flatMap(item -> {
            if (item == null) {
                throw new Failure(Failure.Kind.NOT_FOUND, "unknown-review-item", "Unknown review item", "no review item " + id);
            }
            if (!ReviewQueue.mayTake(who, item.queue)) {
                throw new ForbiddenException("the item is in the " + item.queue + " queue");
            }
            if (ReviewQueue.DECIDED.equals(item.state)) {
                throw conflict("review-item-decided", "the item was decided already (" + item.outcome + " by " + item.decidedBy + ")");
            }
            Uni<String> done = switch (outcome) {
                case ESCALATE -> escalate(item);
                case CONFIRM -> confirm(item, actor);
                case OVERTURN -> overturn(item, actor);
                default -> throw Failure.invalid("invalid-outcome", "Invalid outcome", "outcome must be confirm, overturn or escalate");
            };
            return done.flatMap(action -> {
                item.note = note;
                Counter.builder("enforcement_review_decisions").description("Review decisions by item kind and outcome")
                        .tag("kind", item.kind).tag("outcome", outcome).register(meters).increment();
                return audit.append(actor, action, new AuditEntry.Subject("review-item", item.id.toString()),
                        note == null || note.isBlank() ? "review " + outcome + " of a " + item.kind + " item" : note,
                        Map.of("kind", item.kind, "outcome", outcome, "state", item.state, "queue", item.queue,
                                "sanction", item.sanctionId == null ? "" : item.sanctionId.toString(),
                                "firstReviewer", item.firstReviewer == null ? "" : item.firstReviewer));
            }).replaceWith(item);
        });
    }

    private Uni<String> escalate(ReviewItemEntity item) {
        if (!ReviewQueue.OPEN.equals(item.state)) {
            throw conflict("review-item-escalated", "the item is with the senior reviewers already (" + item.state + ")");
        }
        item.queue = Roles.SENIOR_REVIEWER;
        item.state = ReviewQueue.ESCALATED;
        return Uni.createFrom().item("review.escalated");
    }

    private Uni<String> confirm(ReviewItemEntity item, AuditEntry.Actor actor) {
        if (pendingDisable(item)) {
            if (item.firstReviewer == null) {
                item.firstReviewer = actor.id();
                item.firstOutcome = "confirmed";
                item.firstReviewedAt = clock.instant();
                item.state = ReviewQueue.AWAITING_SECOND_REVIEW;
                item.queue = Roles.SENIOR_REVIEWER;
                return Uni.createFrom().item("review.first_confirmation");
            }
            if (item.firstReviewer.equals(actor.id())) {
                throw conflict("second-reviewer-required", "a permanent disable needs a second reviewer other than " + item.firstReviewer);
            }
            return pending(item).flatMap(p -> disable(p, actor)).call(d -> reportConfirmed(item, actor))
                    .map(d -> decided(item, actor, "confirmed", d.id));
        }
        if (ReviewQueue.VIOLATION.equals(item.kind)) {
            return sanctionAsReviewer(item, actor).map(id -> decided(item, actor, "confirmed", id));
        }
        return Uni.createFrom().item(decided(item, actor, "confirmed", item.sanctionId));
    }

    private Uni<String> overturn(ReviewItemEntity item, AuditEntry.Actor actor) {
        Uni<Void> dismissed = item.violationEventId == null ? Uni.createFrom().voidItem()
                : vault.dismissViolation(item.violationEventId, actor, "overturned in review");
        if (pendingDisable(item)) {
            return pending(item).flatMap(p -> p.liftedAt != null ? Uni.createFrom().item(p)
                    : sanctions.lift(p, actor, "the permanent disable was overturned in review"))
                    .call(p -> dismissed).map(p -> decided(item, actor, "overturned", item.sanctionId));
        }
        return dismissed.map(x -> decided(item, actor, "overturned", item.sanctionId));
    }

    /**
     * Queues the CyberTipline report of a violation two reviewers confirmed, when the ladder sends its category to
     * CyberTipline review or its detector marked it reportable, with the evidence preserved for it.
     */
    private Uni<Void> reportConfirmed(ReviewItemEntity item, AuditEntry.Actor second) {
        return ViolationEntity.<ViolationEntity>findById(item.violationEventId).flatMap(v -> {
            if (v == null || !tiplineReview(v)) {
                return Uni.createFrom().voidItem();
            }
            return vault.ofViolation(v.eventId).flatMap(files -> {
                EvidenceEntity first = files.isEmpty() ? null : files.get(0);
                return tipline.queue(new TiplineQueue.ConfirmedIncident(TiplineReportEntity.REVIEW, v.target(), v.eventId, item.id,
                        v.category, first == null ? v.occurredAt : first.receivedAt, first == null ? "" : first.requestId,
                        first == null ? "" : first.clientIp, first == null ? "" : first.model, List.of(),
                        item.firstReviewer + " and " + second.id()));
            }).flatMap(report -> vault.attach(v.eventId, report.id));
        });
    }

    private boolean tiplineReview(ViolationEntity v) {
        ViolationFacts facts = v.facts();
        return facts.reportable() || Category.find(v.category).flatMap(c -> ladder.policy().rule(c, facts.stage()))
                .map(LadderPolicy.Rule::tiplineReview).orElse(false);
    }

    private String decided(ReviewItemEntity item, AuditEntry.Actor actor, String outcome, UUID sanctionId) {
        item.state = ReviewQueue.DECIDED;
        item.outcome = outcome;
        item.decidedBy = actor.id();
        item.decidedAt = clock.instant();
        item.sanctionId = sanctionId;
        return "review." + outcome;
    }

    private static boolean pendingDisable(ReviewItemEntity item) {
        return ReviewQueue.DISABLE_PENDING_REVIEW.equals(item.automatedVerdict);
    }

    private static Uni<SanctionEntity> pending(ReviewItemEntity item) {
        return SanctionEntity.<SanctionEntity>findById(item.sanctionId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The second confirm: the pending suspension gives way to the permanent disable, decided by the second reviewer. */
    private Uni<SanctionEntity> disable(SanctionEntity pending, AuditEntry.Actor actor) {
        if (pending.liftedAt != null) {
            throw conflict("sanction-lifted", "the pending suspension was lifted already (" + pending.liftedReason + ")");
        }
        return StrikeEntity.<StrikeEntity>find("sanctionId", pending.id).firstResult()
                .flatMap(strike -> ViolationEntity.<ViolationEntity>findById(pending.violationEventId).flatMap(v -> {
                    Sanction disable = disableOf(pending, strike, v, clock.instant());
                    return sanctions.lift(pending, actor, "replaced by the permanent disable a second reviewer confirmed")
                            .flatMap(x -> sanctions.impose(disable, v == null ? null : v.facts(), actor, pending.id));
                }));
    }

    private Sanction disableOf(SanctionEntity pending, StrikeEntity strike, ViolationEntity v, Instant now) {
        Category category = Category.find(pending.category).orElseThrow();
        Target target = pending.target();
        LadderPolicy.Rule rule = ladder.policy().rule(category, v == null ? Stage.UNSPECIFIED : v.facts().stage()).orElse(null);
        Strike k = strike == null ? new Strike(category, 1, now, null) : new Strike(category, strike.weight, strike.at, strike.expiresAt);
        return new Sanction(pending.violationEventId, target, category, Step.disable(),
                rule == null ? 1 : rule.steps().indexOf(Step.disable()) + 1, k.weight(), Action.DISABLE, now, null, false,
                v != null && v.reportable || rule != null && rule.tiplineReview(), k, Decision.STRIKE_THRESHOLD, pending.rule,
                rule == null ? "standard" : rule.notice());
    }

    /** A confirmed flagged violation: the ladder decides as for a block, with the reviewer as the decider. */
    private Uni<UUID> sanctionAsReviewer(ReviewItemEntity item, AuditEntry.Actor actor) {
        Instant now = clock.instant();
        return ViolationEntity.<ViolationEntity>findById(item.violationEventId).flatMap(v -> {
            ViolationFacts facts = v.facts().withVerdict(ViolationFacts.Verdict.BLOCK);
            Target target = Target.of(facts);
            return ActiveStrikes.of(List.of(target), now).flatMap(strikes -> {
                Decision decision = ladder.decide(facts, strikes.of(target, now), now);
                if (!(decision instanceof Sanction s)) {
                    return Uni.createFrom().nullItem();
                }
                return sanctions.impose(s, facts, actor, null).call(e -> {
                    v.sanctionId = e.id;
                    // a disable the reviewer's confirm reached still waits for a second reviewer
                    return queue.route(facts, decision, e.id);
                }).map(e -> e.id);
            });
        });
    }

    private static Failure conflict(String type, String detail) {
        return new Failure(Failure.Kind.CONFLICT, type, "Conflict", detail);
    }
}

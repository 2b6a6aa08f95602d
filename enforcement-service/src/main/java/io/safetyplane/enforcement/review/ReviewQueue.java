package io.safetyplane.enforcement.review;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.AbuseReportEntity;
import io.safetyplane.enforcement.model.ReviewItemEntity;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.safetyplane.enforcement.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The human review queue: what goes in (flagged violations, disables waiting for a second reviewer, a sample of allowed
 * decisions, abuse reports), who may take what, and the gauge of open items. Items are added in the caller's
 * transaction; {@link ReviewDecisions} decides them.
 */
@ApplicationScoped
public class ReviewQueue {
    /** Queues are named after the role that takes them; admins take both. */
    public static final List<String> QUEUES = List.of(Roles.REVIEWER, Roles.SENIOR_REVIEWER);

    public static final String VIOLATION = "violation";
    public static final String SAMPLED_DECISION = "sampled-decision";
    public static final String ABUSE_REPORT = "abuse-report";

    public static final String OPEN = "open";
    public static final String ESCALATED = "escalated";
    public static final String AWAITING_SECOND_REVIEW = "awaiting-second-review";
    public static final String DECIDED = "decided";
    public static final List<String> STATES = List.of(OPEN, ESCALATED, AWAITING_SECOND_REVIEW, DECIDED);

    /** The automated verdict of a permanent disable that waits, as a suspension, for two reviewers (four-eyes). */
    public static final String DISABLE_PENDING_REVIEW = "disable-pending-review";

    private final Clock clock;
    private final Map<String, AtomicLong> open;

    public ReviewQueue(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.open = QUEUES.stream().collect(Collectors.toMap(q -> q, q -> new AtomicLong()));
        open.forEach((queue, count) -> Gauge.builder("enforcement_review_items_open", count, AtomicLong::get)
                .description("Review items not yet decided").tag("queue", queue).register(meters));
    }

    /**
     * Queues what the ladder left to people, in the caller's transaction: a violation it routed to review, and a
     * permanent disable waiting for a second reviewer (its target suspended meanwhile). The zero-tolerance disables it
     * imposed at once are not queued.
     */
    public Uni<Void> route(ViolationFacts facts, Decision decision, UUID sanctionId) {
        return itemFor(facts, decision, sanctionId).map(item -> item.persist().replaceWithVoid()).orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** The item {@link #route} queues, not written (the violations intake batches it), or none. */
    public Optional<ReviewItemEntity> itemFor(ViolationFacts facts, Decision decision, UUID sanctionId) {
        ReviewItemEntity item;
        if (decision instanceof Sanction s && s.needsSecondReviewer()) {
            item = item(VIOLATION, facts.tenantId(), facts.accountId(), Sanctions.endUser(s.target()), s.category().id(),
                    DISABLE_PENDING_REVIEW);
            item.sanctionId = sanctionId;
        } else if (decision instanceof Decision.NoSanction n && n.route() == Decision.Route.REVIEW_QUEUE) {
            item = item(VIOLATION, facts.tenantId(), facts.accountId(), Sanctions.endUser(Target.of(facts)), facts.category(),
                    facts.verdict().name().toLowerCase(Locale.ROOT));
        } else {
            return Optional.empty();
        }
        item.violationEventId = facts.eventId();
        return Optional.of(item);
    }

    /** Queues an allowed gate decision drawn in the sample, in the caller's transaction. */
    public Uni<ReviewItemEntity> sampled(io.safetyplane.contracts.events.v1.Decision d) {
        var c = d.getContext();
        ReviewItemEntity item = item(SAMPLED_DECISION, c.getTenantId(), c.getAccountId(), c.getEndUserId(), "", "allow");
        item.decisionEventId = d.getEventId();
        return item.persist();
    }

    /** Queues an abuse report, in the caller's transaction. */
    public Uni<ReviewItemEntity> reported(AbuseReportEntity r) {
        ReviewItemEntity item = item(ABUSE_REPORT, r.tenantId, r.accountId, "", r.category, "");
        item.abuseReportId = r.id;
        return item.persist();
    }

    private ReviewItemEntity item(String kind, String tenantId, String accountId, String endUserId, String category,
            String automatedVerdict) {
        ReviewItemEntity e = new ReviewItemEntity();
        e.id = UUID.randomUUID();
        e.kind = kind;
        e.state = OPEN;
        e.queue = Roles.REVIEWER;
        e.tenantId = tenantId;
        e.accountId = accountId;
        e.endUserId = endUserId;
        e.category = category;
        e.automatedVerdict = automatedVerdict;
        e.createdAt = clock.instant();
        return e;
    }

    /** Whether a person may see and decide the items of a queue: reviewers their own, senior reviewers and admins both. */
    public static boolean mayTake(SecurityIdentity who, String queue) {
        return who.hasRole(Roles.ADMIN) || who.hasRole(Roles.SENIOR_REVIEWER) || Roles.REVIEWER.equals(queue) && who.hasRole(Roles.REVIEWER);
    }

    @Scheduled(every = "${enforcement-service.review-metrics-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauge() {
        return Panache.withSession(() -> Multi.createFrom().iterable(QUEUES).onItem()
                .transformToUniAndConcatenate(q -> ReviewItemEntity.count("queue = ?1 and state <> ?2", q, DECIDED).invoke(n -> open.get(q).set(n)))
                .collect().last())
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

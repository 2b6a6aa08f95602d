package io.safetyplane.enforcement.appeal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.ForbiddenException;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.model.AppealEntity;
import io.safetyplane.enforcement.model.ReviewItemEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.safetyplane.enforcement.security.Party;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * Appeals against sanctions (DSA art. 20): filed by the affected user or their tenant within the appeal window, one per
 * sanction, and decided by a person other than the one who decided the sanction. An overturned appeal lifts the sanction
 * ({@link Sanctions#lift}), which removes its strike and restores the standing; an upheld one leaves it in force.
 */
@ApplicationScoped
public class Appeals {
    public static final String UPHELD = "upheld";
    public static final String OVERTURNED = "overturned";
    /** The longest statement an appeal may carry, in characters. */
    public static final int MAX_STATEMENT = 5000;
    /** The longest reasons a decision may give, in characters. */
    public static final int MAX_REASON = 2000;

    private final Sanctions sanctions;
    private final AuditLog audit;
    private final AppealMetrics metrics;
    private final Clock clock;
    private final Period window;
    private final Duration decisionDeadline;

    public Appeals(Sanctions sanctions, AuditLog audit, AppealMetrics metrics, Clock clock, EnforcementConfig config) {
        this.sanctions = sanctions;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.window = config.appealWindow();
        this.decisionDeadline = config.appealDecisionDeadline();
    }

    /** When the appeal window of a sanction that started at {@code start} closes (exclusive); notices quote the same time. */
    public Instant windowClosesAt(Instant start) {
        return windowClosesAt(start, window);
    }

    /** When an appeal window of length {@code window} from {@code start} closes: the one place it is computed. */
    public static Instant windowClosesAt(Instant start, Period window) {
        return start.atOffset(ZoneOffset.UTC).plus(window).toInstant();
    }

    /**
     * Files the appeal of {@code filer} against a sanction, in its own transaction. The sanction's row is locked, so
     * concurrent filings for one sanction queue up and the second finds the first.
     */
    public Uni<AppealEntity> file(UUID sanctionId, Party filer, String statement) {
        return Panache.withTransaction(() -> SanctionEntity.<SanctionEntity>findById(sanctionId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(s -> {
                    if (s == null) {
                        throw new Failure(Failure.Kind.NOT_FOUND, "unknown-sanction", "Unknown sanction", "no sanction " + sanctionId);
                    }
                    if (!filer.actsFor(s.tenantId, s.accountId, s.endUserId)) {
                        throw new ForbiddenException("the token does not speak for the sanctioned account or end user");
                    }
                    return AppealEntity.count("sanctionId", s.id).flatMap(existing -> {
                        if (existing > 0) {
                            throw appealExists(s.id);
                        }
                        if (s.liftedAt != null) {
                            throw new Failure(Failure.Kind.CONFLICT, "sanction-lifted", "Sanction lifted",
                                    "sanction " + s.id + " was lifted at " + s.liftedAt + "; there is nothing to appeal");
                        }
                        Instant now = clock.instant();
                        Instant closes = windowClosesAt(s.startsAt);
                        if (!now.isBefore(closes)) {
                            throw new Failure(Failure.Kind.UNPROCESSABLE, "appeal-window-closed", "Appeal window closed",
                                    "appeals against sanction " + s.id + " were accepted until " + closes, Map.of("windowClosedAt", closes.toString()));
                        }
                        AppealEntity a = new AppealEntity();
                        a.id = UUID.randomUUID();
                        a.sanctionId = s.id;
                        a.tenantId = s.tenantId;
                        a.accountId = s.accountId;
                        a.endUserId = s.endUserId;
                        a.filedBy = filer.subject();
                        a.filedAs = filer.kind();
                        a.statement = statement;
                        a.filedAt = now;
                        a.decideBy = now.plus(decisionDeadline);
                        a.state = AppealEntity.OPEN;
                        return a.persist().flatMap(x -> audit.append(filer.actor(), "appeal.filed", subject(a),
                                "appeal against a " + s.action + " sanction",
                                Map.of("sanction", s.id.toString(), "target", s.targetKey(), "decideBy", a.decideBy.toString())))
                                .replaceWith(a);
                    });
                }))
                .onFailure(Appeals::isUniqueViolation).transform(e -> appealExists(sanctionId))
                .invoke(metrics::received);
    }

    /**
     * Decides an open appeal: {@link #UPHELD} leaves the sanction in force, {@link #OVERTURNED} lifts it. The reviewer
     * must not be one who decided the sanction or reviewed the item that led to it (for automated sanctions,
     * {@code system:ladder}: any other reviewer may decide).
     */
    public Uni<AppealEntity> decide(UUID appealId, String outcome, String reason, AuditEntry.Actor reviewer) {
        if (!UPHELD.equals(outcome) && !OVERTURNED.equals(outcome)) {
            throw Failure.invalid("invalid-outcome", "Invalid outcome", "outcome is upheld or overturned, not " + outcome);
        }
        return Panache.withTransaction(() -> AppealEntity.<AppealEntity>findById(appealId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(a -> {
                    if (a == null) {
                        throw unknownAppeal(appealId);
                    }
                    if (AppealEntity.DECIDED.equals(a.state)) {
                        throw new Failure(Failure.Kind.CONFLICT, "appeal-decided", "Appeal already decided",
                                "appeal " + a.id + " was decided (" + a.outcome + ") at " + a.decidedAt);
                    }
                    return SanctionEntity.<SanctionEntity>findById(a.sanctionId, LockModeType.PESSIMISTIC_WRITE)
                            .call(s -> tookPart(reviewer, s).invoke(took -> {
                                if (took) {
                                    throw new Failure(Failure.Kind.CONFLICT, "same-reviewer", "Same reviewer", "the appeal must be "
                                            + "decided by someone other than the people who decided the sanction or reviewed it");
                                }
                            })).flatMap(s -> {
                        a.state = AppealEntity.DECIDED;
                        a.outcome = outcome;
                        a.reason = reason;
                        a.decidedBy = reviewer.id();
                        a.decidedAt = clock.instant();
                        boolean lift = OVERTURNED.equals(outcome) && s.liftedAt == null;
                        Uni<SanctionEntity> effect = lift ? sanctions.lift(s, reviewer, "appeal " + a.id + " overturned: " + reason)
                                : Uni.createFrom().item(s);
                        return effect.flatMap(x -> audit.append(reviewer, "appeal.decided", subject(a), reason,
                                Map.of("outcome", outcome, "sanction", s.id.toString(), "target", s.targetKey(),
                                        "lifted", String.valueOf(lift))))
                                .replaceWith(a);
                    });
                }))
                .invoke(a -> metrics.decided(a.outcome, Duration.between(a.filedAt, a.decidedAt)));
    }

    /** Whether the reviewer decided the sanction, or reviewed the item that led to it (e.g. the first of a four-eyes disable). */
    private static Uni<Boolean> tookPart(AuditEntry.Actor reviewer, SanctionEntity s) {
        if (reviewer.id().equals(s.decidedBy)) {
            return Uni.createFrom().item(true);
        }
        return ReviewItemEntity.count("sanctionId = ?1 and (firstReviewer = ?2 or decidedBy = ?2)", s.id, reviewer.id()).map(n -> n > 0);
    }

    /** One appeal; call inside a session. */
    public Uni<AppealEntity> get(UUID appealId) {
        return AppealEntity.<AppealEntity>findById(appealId).map(a -> {
            if (a == null) {
                throw unknownAppeal(appealId);
            }
            return a;
        });
    }

    /** Open appeals, the most urgent first, or decided ones, the latest first; call inside a session. */
    public Uni<List<AppealEntity>> list(String state, int limit) {
        String order = AppealEntity.OPEN.equals(state) ? "decideBy, id" : "decidedAt desc, id";
        return AppealEntity.<AppealEntity>find("state = ?1 order by " + order, state).page(0, limit).list();
    }

    private static AuditEntry.Subject subject(AppealEntity a) {
        return new AuditEntry.Subject("appeal", a.id.toString());
    }

    private static Failure appealExists(UUID sanctionId) {
        return new Failure(Failure.Kind.CONFLICT, "appeal-exists", "Appeal exists", "sanction " + sanctionId + " was already appealed");
    }

    private static Failure unknownAppeal(UUID appealId) {
        return new Failure(Failure.Kind.NOT_FOUND, "unknown-appeal", "Unknown appeal", "no appeal " + appealId);
    }

    /** A second appeal that reached the unique index on {@code appeals.sanction_id} (the row lock makes this rare). */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState()) && "appeals".equals(pg.getTable())) {
                return true;
            }
        }
        return false;
    }
}

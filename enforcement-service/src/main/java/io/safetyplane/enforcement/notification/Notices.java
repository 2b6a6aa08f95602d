package io.safetyplane.enforcement.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.safetyplane.enforcement.appeal.Appeals;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.notice.Notice;
import io.safetyplane.enforcement.notice.NoticeFacts;
import io.safetyplane.enforcement.notice.NoticePolicy;
import io.safetyplane.enforcement.notice.PolicyCategory;
import io.safetyplane.enforcement.notice.StatementOfReasons;
import io.safetyplane.enforcement.notice.StatementsOfReasons;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the written notice of every sanction and of every lift of one, with its delivery to the tenant's webhook
 * ({@link NoticeRelay}), in the caller's transaction. The tenant is the one notified; when the target is one of its
 * end users, the notice names that user by the tenant's own id. A notice holds no content: only ids, the category,
 * the measure, the reasons and the redress.
 */
@ApplicationScoped
public class Notices {
    public static final String SANCTION = "sanction";
    public static final String LIFT = "lift";

    private static final LocalDate FIRST_CONTENT_DATE = LocalDate.of(2000, 1, 1);

    private final NoticePolicy policy;
    private final Period appealWindow;
    private final Clock clock;

    public Notices(EnforcementConfig config, Clock clock) {
        this.policy = NoticePolicy.of(config.notices().appealChannel(), config.notices().termsUrl().orElse(null));
        this.appealWindow = config.appealWindow();
        this.clock = clock;
    }

    /**
     * The notice of a sanction just imposed, not written yet ({@link Issued#persist}, or the violations intake's
     * batched inserts).
     *
     * @param facts the violation that led to it, or null when a person decided without one
     */
    public Issued sanctioned(SanctionEntity e, ViolationFacts facts) {
        NoticeFacts f = noticeFacts(e, facts, appealWindow);
        StatementOfReasons statement = StatementsOfReasons.forSanction(f, policy);
        Instant deadline = Appeals.windowClosesAt(e.startsAt, appealWindow);
        return issue(e, SANCTION, statement.toTdbMap(), Notice.of(statement, f.target()), deadline);
    }

    /** The notice that a sanction was lifted before its term; it carries the statement of the decision reversed. */
    public Uni<NoticeEntity> lifted(SanctionEntity e) {
        return NoticeEntity.<NoticeEntity>find("sanctionId = ?1 and kind = ?2", e.id, SANCTION).firstResult().flatMap(original -> {
            Map<String, Object> statement = original == null ? Map.of("puid", e.id.toString()) : original.statement;
            Notice n = Notice.lifted(e.id.toString(), action(e), target(e), e.liftedAt.atOffset(ZoneOffset.UTC).toLocalDate(),
                    e.liftedReason);
            return issue(e, LIFT, statement, n, null).persist();
        });
    }

    /** A notice and its delivery to the tenant's webhook, the rows written together. */
    public record Issued(NoticeEntity notice, NoticeDeliveryEntity delivery) {
        /** Writes both rows, in the caller's transaction. */
        public Uni<NoticeEntity> persist() {
            return notice.persist().flatMap(x -> delivery.persist()).replaceWith(notice);
        }
    }

    private Issued issue(SanctionEntity e, String kind, Map<String, Object> statement, Notice text, Instant deadline) {
        Instant now = clock.instant();
        NoticeEntity n = new NoticeEntity();
        n.id = UUID.randomUUID();
        n.sanctionId = e.id;
        n.tenantId = e.tenantId;
        n.accountId = e.accountId;
        n.endUserId = e.endUserId;
        n.kind = kind;
        n.statement = statement;
        n.subject = text.subject();
        n.body = text.text();
        n.appealDeadline = deadline;
        n.createdAt = now;
        NoticeDeliveryEntity d = new NoticeDeliveryEntity();
        d.noticeId = n.id;
        d.tenantId = n.tenantId;
        d.nextAttemptAt = now;
        return new Issued(n, d);
    }

    /**
     * What the statement of reasons needs, from the sanction and its violation. The facts text is built from fixed
     * phrases only, never from free text, so it cannot carry content or personal data.
     */
    static NoticeFacts noticeFacts(SanctionEntity e, ViolationFacts v, Period appealWindow) {
        NoticeFacts.Action action = action(e);
        boolean detected = v != null;
        NoticeFacts.Automation automation = e.automated ? NoticeFacts.Automation.FULLY
                : detected ? NoticeFacts.Automation.PARTIALLY : NoticeFacts.Automation.NOT_AUTOMATED;
        Instant until = action == NoticeFacts.Action.SUSPEND || action == NoticeFacts.Action.RESTRICT ? e.endsAt : null;
        return new NoticeFacts(e.id.toString(), action, until, target(e), PolicyCategory.fromId(e.category),
                detected ? stage(v.stage()) : NoticeFacts.Stage.UPLOAD, null, NoticeFacts.Source.OWN_INITIATIVE, detected,
                automation, detected && !v.detector().isBlank() ? v.detector() : detected ? "automated detection" : null,
                facts(e, v), e.startsAt, detected ? contentAt(v.occurredAt(), e.startsAt) : null, appealWindow);
    }

    private static String facts(SanctionEntity e, ViolationFacts v) {
        StringBuilder s = new StringBuilder(v == null
                ? "A reviewer found content in the policy category \"" + e.category + "\"."
                : "Content in the policy category \"" + e.category + "\""
                        + (v.severity() == io.safetyplane.enforcement.ladder.Severity.UNSPECIFIED ? ""
                                : " of " + v.severity().name().toLowerCase(Locale.ROOT) + " severity")
                        + " was detected.");
        s.append(' ').append(switch (e.reason) {
            case Decision.ZERO_TOLERANCE -> "This category has zero tolerance: a first violation leads to this measure.";
            case Decision.WARNING -> "A first violation in this category leads to a written warning.";
            case Decision.STRIKE_THRESHOLD -> "Repeated violations in this category within the counting period reached "
                    + "the threshold for this measure, after an earlier warning.";
            case Decision.DISABLE_PENDING_SECOND_REVIEWER -> "The measure reached is a termination, which a second "
                    + "reviewer must confirm; until then the use of the service is suspended.";
            default -> e.automated ? "The enforcement rules for this category decided the measure."
                    : "A reviewer decided the measure.";
        });
        return s.toString();
    }

    private static NoticeFacts.Action action(SanctionEntity e) {
        return NoticeFacts.Action.valueOf(e.action.toUpperCase(Locale.ROOT));
    }

    private static NoticeFacts.Target target(SanctionEntity e) {
        return e.endUserId.isEmpty() ? NoticeFacts.Target.account(e.accountId) : NoticeFacts.Target.endUser(e.accountId, e.endUserId);
    }

    /** Where the content was stopped; a violation that does not say (a hash match) concerns what the user supplied. */
    private static NoticeFacts.Stage stage(io.safetyplane.enforcement.ladder.Stage s) {
        return switch (s) {
            case PROMPT -> NoticeFacts.Stage.PROMPT;
            case OUTPUT -> NoticeFacts.Stage.OUTPUT;
            case UPLOAD, UNSPECIFIED -> NoticeFacts.Stage.UPLOAD;
        };
    }

    /** When the content came in: the detector's time, unless it is missing or later than the decision. */
    private static Instant contentAt(Instant occurred, Instant decided) {
        boolean plausible = !occurred.isAfter(decided) && !occurred.atOffset(ZoneOffset.UTC).toLocalDate().isBefore(FIRST_CONTENT_DATE);
        return plausible ? occurred : decided;
    }
}

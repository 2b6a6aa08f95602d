package io.safetyplane.enforcement.notice;

import java.time.Instant;
import java.time.Period;

/**
 * What the enforcement ladder decided, in the terms {@link StatementsOfReasons#forSanction} needs. The record holds
 * plain values only, so the ladder does not depend on this package's output types.
 *
 * @param decisionId the decision's id. It becomes the TDB {@code puid}, so it uses only {@code [A-Za-z0-9_-]} and is
 *        never reused.
 * @param action the measure taken
 * @param until when a temporary measure ends. Optional for {@link Action#SUSPEND} (none: until further notice, for
 *        example while a permanent disable waits for a second reviewer) and {@link Action#RESTRICT}, and refused
 *        for the others. It must be after {@code decidedAt}.
 * @param target whose account, or which of the business's end users, the measure hits
 * @param category the platform policy category that was violated
 * @param stage where the content was stopped
 * @param medium the kind of media for {@link Stage#UPLOAD} and {@link Stage#OUTPUT}. {@code null} means
 *        {@link Medium#IMAGE}. Ignored for {@link Stage#PROMPT}, which is always text.
 * @param source how the provider learnt of the content. {@code null} means {@link Source#OWN_INITIATIVE}.
 * @param automatedDetection whether the content was detected by automated means
 * @param automatedDecision to what extent the decision was taken by automated means
 * @param detector which automated means detected it, for example {@code hash-match:pdq} or {@code filter:prompt}.
 *        Required when {@code automatedDetection} is true. Shown in the facts, so it must not contain personal
 *        data.
 * @param facts the facts and circumstances, in plain language and without personal data. They are sent to the TDB.
 * @param decidedAt when the decision was taken. Its UTC date is the {@code application_date}.
 * @param contentAt when the content was submitted or generated. {@code null} means {@code decidedAt}.
 * @param appealWindow how long an appeal is accepted, from configuration. It must cover at least six months
 *        (Art. 20(1) DSA). Note that 180 days is less than six months for most start dates.
 */
public record NoticeFacts(
        String decisionId,
        Action action,
        Instant until,
        Target target,
        PolicyCategory category,
        Stage stage,
        Medium medium,
        Source source,
        boolean automatedDetection,
        Automation automatedDecision,
        String detector,
        String facts,
        Instant decidedAt,
        Instant contentAt,
        Period appealWindow) {

    /** The measures of the enforcement ladder. */
    public enum Action {
        /** A written warning. The offending request is blocked, and the account and service are not restricted. */
        WARN,
        /** Part of the service is withdrawn (for example uploads), until {@code until} if given. */
        RESTRICT,
        /** The account, or the end user's use of the service, is suspended until {@code until}. */
        SUSPEND,
        /** The account, or the end user's use of the service, is terminated. */
        DISABLE
    }

    /** Where in the pipeline the content was stopped. */
    public enum Stage {
        /** The text prompt of a generation request. */
        PROMPT,
        /** Media the user uploaded, for example an init image. */
        UPLOAD,
        /** Media the service generated. */
        OUTPUT
    }

    /** The kind of media an upload or an output was. */
    public enum Medium {
        IMAGE, VIDEO, AUDIO, TEXT
    }

    /** How the provider learnt of the content. These are the TDB {@code source_type} values. */
    public enum Source {
        /** A notice under Art. 16 DSA. */
        ARTICLE_16_NOTICE,
        /** A notice by a trusted flagger (Art. 22). */
        TRUSTED_FLAGGER,
        /** Another kind of notification. */
        OTHER_NOTIFICATION,
        /** The provider's own initiative, for example its filters and classifiers. */
        OWN_INITIATIVE
    }

    /** To what extent the decision was automated. These are the TDB {@code automated_decision} values. */
    public enum Automation {
        FULLY, PARTIALLY, NOT_AUTOMATED
    }

    /**
     * Who the measure hits. This is either the tenant's account or one of the tenant's end users, known only by the
     * tenant's own identifier for them. It is used in the notice and never in the statement or the TDB payload.
     *
     * @param accountId the tenant's account id
     * @param endUserId the tenant's own identifier of its end user, or {@code null} when the account itself is the
     *        target
     */
    public record Target(String accountId, String endUserId) {
        public Target {
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalArgumentException("target.account_id: required");
            }
            if (endUserId != null && endUserId.isBlank()) {
                throw new IllegalArgumentException("target.end_user_id: must not be blank; use null for the account");
            }
        }

        /** The tenant's account itself. */
        public static Target account(String accountId) {
            return new Target(accountId, null);
        }

        /** One of the tenant's end users. */
        public static Target endUser(String accountId, String endUserId) {
            if (endUserId == null) {
                throw new IllegalArgumentException("target.end_user_id: required for an end user");
            }
            return new Target(accountId, endUserId);
        }

        /** Whether the target is one of the tenant's end users rather than the account. */
        public boolean isEndUser() {
            return endUserId != null;
        }
    }

    public NoticeFacts {
        if (decisionId == null || decisionId.isBlank()) {
            throw new IllegalArgumentException("decision_id: required");
        }
        require(action, "action");
        require(target, "target");
        require(category, "category");
        require(stage, "stage");
        require(automatedDecision, "automated_decision");
        require(decidedAt, "decided_at");
        require(appealWindow, "appeal_window");
        if (facts == null || facts.isBlank()) {
            throw new IllegalArgumentException("facts: required");
        }
        if (automatedDetection && (detector == null || detector.isBlank())) {
            throw new IllegalArgumentException("detector: required when the content was detected by automated means");
        }
        if (until != null && action != Action.SUSPEND && action != Action.RESTRICT) {
            throw new IllegalArgumentException("until: only a suspension or a restriction can end, not " + action);
        }
        if (until != null && !until.isAfter(decidedAt)) {
            throw new IllegalArgumentException("until: must be after decided_at");
        }
        if (contentAt != null && contentAt.isAfter(decidedAt)) {
            throw new IllegalArgumentException("content_at: must not be after decided_at");
        }
        if (appealWindow.isNegative() || appealWindow.isZero()) {
            throw new IllegalArgumentException("appeal_window: must be positive");
        }
        medium = medium == null ? Medium.IMAGE : medium;
        source = source == null ? Source.OWN_INITIATIVE : source;
        contentAt = contentAt == null ? decidedAt : contentAt;
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
    }
}

package io.safetyplane.enforcement.ladder;

import java.util.Objects;
import java.util.Optional;

/**
 * What the ladder decided for one violation: a {@link Sanction}, or {@link NoSanction} saying why not and whether the
 * violation goes to the human review queue instead. Both carry a machine-readable {@link #reason()} and the policy
 * {@link #rule()} that decided, for notices and audit.
 */
public sealed interface Decision permits Sanction, Decision.NoSanction {

    /** Sanction: zero-tolerance category, disabled at once without a second reviewer. */
    String ZERO_TOLERANCE = "zero-tolerance";
    /** Sanction: a written warning. */
    String WARNING = "warning";
    /** Sanction: a restriction, suspension or disable reached by counting strikes. */
    String STRIKE_THRESHOLD = "strike-threshold";
    /** Sanction: a disable was reached; suspended until a second reviewer confirms or rejects it. */
    String DISABLE_PENDING_SECOND_REVIEWER = "disable-pending-second-reviewer";
    /** No sanction: the detector allowed the content. */
    String VERDICT_ALLOW = "verdict-allow";
    /** No sanction, review queue: the detector asked for human review. */
    String VERDICT_REVIEW = "verdict-review";
    /** No sanction, review queue: the event has no action. */
    String VERDICT_UNSPECIFIED = "verdict-unspecified";
    /** No sanction, review queue: the event has no severity. */
    String SEVERITY_UNSPECIFIED = "severity-unspecified";
    /** No sanction, review queue: the category is not one the ladder knows. */
    String UNKNOWN_CATEGORY = "unknown-category";
    /** No sanction, review queue: the policy has no rule for the category. */
    String NO_LADDER_RULE = "no-ladder-rule";
    /** No sanction: the category's rule does not strike at this stage. */
    String STAGE_NOT_COVERED = "stage-not-covered";
    /** No sanction: below the rule's minimum severity (the content itself was still blocked). */
    String BELOW_MIN_SEVERITY = "below-min-severity";

    /** Machine-readable reason, one of the constants of this interface. */
    String reason();

    /** The policy rule that decided, e.g. {@code enforcement.ladder.sexual.steps[2]=suspend:7d}; empty when none. */
    String rule();

    /** True when the violation must be queued for CyberTipline review. */
    boolean tiplineReview();

    /** The sanction, or empty. */
    default Optional<Sanction> sanction() {
        return this instanceof Sanction s ? Optional.of(s) : Optional.empty();
    }

    /**
     * No sanction.
     *
     * @param route          whether the violation goes to the human review queue
     * @param reason         why not, one of the constants of {@link Decision}
     * @param rule           the rule that decided; empty when none applied
     * @param tiplineReview  the event was reportable: queue it for CyberTipline review anyway
     */
    record NoSanction(Route route, String reason, String rule, boolean tiplineReview) implements Decision {
        public NoSanction {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(reason, "reason");
            rule = Objects.requireNonNullElse(rule, "");
        }
    }

    /** Where a violation that is not sanctioned goes. */
    enum Route {
        /** Nowhere: nothing to do beyond the detector's own block. */
        NONE,
        /** The human review queue. */
        REVIEW_QUEUE
    }
}

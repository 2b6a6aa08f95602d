package io.safetyplane.enforcement.ladder;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * Decides what one violation does to its subject, from the policy and the subject's strikes. Stateless and
 * thread-safe; the same inputs always give the same decision.
 *
 * <p>In order: an {@code ALLOW} verdict does nothing; {@code REVIEW}, a missing verdict or severity, an unknown category
 * or a category without a rule go to the review queue; a stage the rule does not cover, or a severity below its
 * minimum, does nothing beyond the detector's block. Otherwise the violation sanctions:
 * <ul>
 * <li>zero-tolerance ({@link LadderPolicy.Rule#automaticDisable}): {@link Action#DISABLE} at once, no second reviewer;</li>
 * <li>else the step reached is the total weight of the strikes that count (same category, within the window, not
 *     expired; see {@link Strike#counts}) plus this violation's weight, as a 1-based position on the ladder, clamped to
 *     its ends; under {@code warn-first} a subject with no counted strike gets the first step, the warning;</li>
 * <li>a {@code disable} step with {@code second-reviewer} (the default) takes effect as a suspension without end,
 *     pending the second reviewer.</li>
 * </ul>
 * Every sanction carries a new {@link Strike}. CyberTipline review is set by the rule's {@code tipline-review}, or when
 * the detector marked the event reportable or its verdict is {@code BLOCK_AND_REPORT}; never dropped.
 */
public final class Ladder {
    private final LadderPolicy policy;

    public Ladder(LadderPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public LadderPolicy policy() {
        return policy;
    }

    /**
     * Decides one violation.
     *
     * @param facts         the violation
     * @param activeStrikes the strikes of the violation's subject ({@link Target#of}); those that do not count are
     *                      ignored, so passing all of them is fine
     * @param now           the decision time: strikes are counted, and the sanction starts, at it (pass the event's
     *                      time to decide replays identically)
     */
    public Decision decide(ViolationFacts facts, Collection<Strike> activeStrikes, Instant now) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(now, "now");
        boolean reported = facts.reportable() || facts.verdict() == ViolationFacts.Verdict.BLOCK_AND_REPORT;
        switch (facts.verdict()) {
            case ALLOW:
                return none(Decision.Route.NONE, Decision.VERDICT_ALLOW, "", reported);
            case REVIEW:
                return none(Decision.Route.REVIEW_QUEUE, Decision.VERDICT_REVIEW, "", reported);
            case UNSPECIFIED:
                return none(Decision.Route.REVIEW_QUEUE, Decision.VERDICT_UNSPECIFIED, "", reported);
            default:
                break;
        }
        Category category = Category.find(facts.category()).orElse(null);
        if (category == null) {
            return none(Decision.Route.REVIEW_QUEUE, Decision.UNKNOWN_CATEGORY, "", reported);
        }
        LadderPolicy.Rule rule = policy.rule(category, facts.stage()).orElse(null);
        if (rule == null) {
            return none(Decision.Route.REVIEW_QUEUE, Decision.NO_LADDER_RULE, "", reported);
        }
        boolean tipline = reported || rule.tiplineReview();
        if (!rule.appliesTo(facts.stage())) {
            return none(Decision.Route.NONE, Decision.STAGE_NOT_COVERED, rule.key() + ".stages=" + String.join(",",
                    rule.stages().stream().map(Stage::id).toList()), tipline);
        }
        if (facts.severity() == Severity.UNSPECIFIED) {
            return none(Decision.Route.REVIEW_QUEUE, Decision.SEVERITY_UNSPECIFIED, "", tipline);
        }
        if (!facts.severity().atLeast(rule.minSeverity())) {
            return none(Decision.Route.NONE, Decision.BELOW_MIN_SEVERITY,
                    rule.key() + ".min-severity=" + rule.minSeverity().id(), tipline);
        }

        Target target = Target.of(facts);
        int weight = rule.weight(facts.severity());
        Strike strike = new Strike(category, weight, now,
                rule.strikeExpiry() == null ? null : now.plus(rule.strikeExpiry()));
        if (rule.automaticDisable(facts)) {
            return new Sanction(facts.eventId(), target, category, Step.disable(), 1, weight, Action.DISABLE, now, null,
                    false, tipline, strike, Decision.ZERO_TOLERANCE, rule.key() + ".zero-tolerance=true", rule.notice());
        }

        int prior = 0;
        for (Strike s : activeStrikes) {
            if (s.counts(category, now, rule.window())) {
                prior += s.weight();
            }
        }
        int total = prior + weight;
        int n = rule.steps().size();
        int index = rule.warnFirst() && prior == 0 ? 0 : Math.max(0, Math.min(total, n) - 1);
        Step step = rule.steps().get(index);
        String decided = rule.key() + ".steps[" + index + "]=" + step;

        Action action = step.action();
        Instant until = null;
        String reason = action == Action.WARN ? Decision.WARNING : Decision.STRIKE_THRESHOLD;
        boolean secondReviewer = false;
        switch (action) {
            case SUSPEND -> until = now.plus(step.duration());
            case RESTRICT -> until = step.duration() != null ? now.plus(step.duration()) : strike.expiresAt();
            case DISABLE -> {
                if (rule.secondReviewer()) {
                    action = Action.SUSPEND;
                    secondReviewer = true;
                    reason = Decision.DISABLE_PENDING_SECOND_REVIEWER;
                }
            }
            default -> {
            }
        }
        return new Sanction(facts.eventId(), target, category, step, index + 1, total, action, now, until, secondReviewer,
                tipline, strike, reason, decided, rule.notice());
    }

    private static Decision none(Decision.Route route, String reason, String rule, boolean tipline) {
        return new Decision.NoSanction(route, reason, rule, tipline);
    }
}

package io.safetyplane.enforcement.ladder;

import java.time.Instant;
import java.util.Objects;

/**
 * A sanction the ladder decided on.
 *
 * <p>{@link #step()} is the rung reached; {@link #action()} is its immediate effect. They differ in one case: a
 * {@code disable} step that needs a second reviewer ({@link #needsSecondReviewer()}) takes effect as a suspension with
 * no end ({@code until == null}) until the reviewer confirms the disable (the service then records a
 * {@link Action#DISABLE}) or rejects it (the service removes this sanction and its strike).
 *
 * @param violationEventId    the violation that caused it
 * @param target              who it applies to
 * @param category            the category whose ladder decided
 * @param step                the step reached
 * @param stepNumber          1-based position of the step on the ladder
 * @param strikeTotal         strikes counted, this one included
 * @param action              the immediate effect
 * @param at                  when it takes effect
 * @param until               when it ends: suspensions and restrictions; null for warnings, disables, restrictions
 *                            lasting as long as a strike that never expires, and a suspension pending review
 * @param needsSecondReviewer the step is a permanent disable waiting for a second reviewer (four-eyes)
 * @param tiplineReview       queue for CyberTipline review
 * @param strike              the strike to record with it
 * @param reason              machine-readable reason, one of the constants of {@link Decision}
 * @param rule                the policy rule that decided, e.g. {@code enforcement.ladder.sexual.steps[2]=suspend:7d}
 * @param notice              the notice template hint of the rule, e.g. {@code self-harm-resources}; {@code standard} by default
 */
public record Sanction(String violationEventId, Target target, Category category, Step step, int stepNumber,
        int strikeTotal, Action action, Instant at, Instant until, boolean needsSecondReviewer, boolean tiplineReview,
        Strike strike, String reason, String rule, String notice) implements Decision {

    public Sanction {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(strike, "strike");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(notice, "notice");
        violationEventId = Objects.requireNonNullElse(violationEventId, "");
        if (needsSecondReviewer && (step.action() != Action.DISABLE || action != Action.SUSPEND || until != null)) {
            throw new IllegalArgumentException("a disable pending a second reviewer takes effect as a suspension with no end");
        }
    }

    /** True when the target is a business's end user: the business is notified of the sanction. */
    public boolean notifyBusiness() {
        return target.kind() == Target.Kind.END_USER;
    }

    /** The restricted capability when the action is {@link Action#RESTRICT}, else null. */
    public String scope() {
        return action == Action.RESTRICT ? step.scope() : null;
    }

    /** The sanction as {@link Standing#of} reads it. */
    public SanctionRecord record() {
        return new SanctionRecord(action, scope(), at, until);
    }
}

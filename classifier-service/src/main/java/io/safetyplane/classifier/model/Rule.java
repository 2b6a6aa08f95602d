package io.safetyplane.classifier.model;

import java.util.List;

/**
 * A threshold rule: the sum of the scores of {@link #labels()} is compared with the review and block
 * thresholds (either may be absent, {@code NaN}). Summing lets one rule treat related labels as one
 * signal (nsfwjs' Porn + Hentai, "explicit").
 *
 * @param indices the labels' positions in the model's output
 */
public record Rule(String name, List<String> labels, int[] indices, double review, double block, String category) {

    /** The rule's score for one output and the action it gives. */
    public RuleResult evaluate(float[] scores) {
        double s = 0;
        for (int i : indices) {
            s += scores[i];
        }
        Action a = !Double.isNaN(block) && s >= block ? Action.BLOCK
                : !Double.isNaN(review) && s >= review ? Action.REVIEW : Action.ALLOW;
        return new RuleResult(this, (float) Math.min(1.0, s), a);
    }

    public record RuleResult(Rule rule, float score, Action action) {
    }
}

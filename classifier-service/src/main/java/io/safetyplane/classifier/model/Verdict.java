package io.safetyplane.classifier.model;

import java.util.List;
import java.util.Optional;

/** A model's scores for one image and what its rules decided. */
public record Verdict(ModelSpec model, float[] scores, List<Rule.RuleResult> rules, Action decision) {

    /** The strictest rule at the decision, for the violation's category; empty when the decision is allow. */
    public Optional<Rule.RuleResult> deciding() {
        return rules.stream().filter(r -> r.action() == decision && decision != Action.ALLOW)
                .max((a, b) -> Float.compare(a.score(), b.score()));
    }
}

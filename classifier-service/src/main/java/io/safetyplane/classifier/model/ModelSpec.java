package io.safetyplane.classifier.model;

import java.util.List;
import java.util.Optional;

import io.safetyplane.classifier.config.ClassifierConfig.Layout;
import io.safetyplane.classifier.config.ClassifierConfig.Resize;

/**
 * One model of the registry, as configured and validated: where its ONNX file is, what its output
 * means, what input it expects and how its scores become a decision.
 *
 * @param mean per channel (R, G, B), subtracted from samples scaled to [0, 1]
 * @param std  per channel (R, G, B), dividing the result
 */
public record ModelSpec(String id, String name, String version, String path, Optional<String> card, List<String> labels,
        Optional<String> inputName, int width, int height, Layout layout, Resize resize, float[] mean, float[] std,
        boolean softmax, List<Rule> rules) {

    /** Floats of one item's input tensor. */
    public int inputSize() {
        return 3 * width * height;
    }

    /** The strictest action of every rule. */
    public Verdict decide(float[] scores) {
        Action decision = Action.ALLOW;
        List<Rule.RuleResult> results = new java.util.ArrayList<>(rules.size());
        for (Rule r : rules) {
            Rule.RuleResult res = r.evaluate(scores);
            results.add(res);
            decision = decision.max(res.action());
        }
        return new Verdict(this, scores, List.copyOf(results), decision);
    }
}

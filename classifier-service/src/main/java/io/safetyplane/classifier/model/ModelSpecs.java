package io.safetyplane.classifier.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.safetyplane.classifier.config.ClassifierConfig;

/** The registry's models from configuration, every problem listed at once (the service does not start with any). */
public final class ModelSpecs {

    private ModelSpecs() {
    }

    /**
     * The enabled models, in id order.
     *
     * @throws IllegalStateException listing every problem with its configuration key
     */
    public static List<ModelSpec> of(ClassifierConfig config) {
        List<String> problems = new ArrayList<>();
        List<ModelSpec> specs = new ArrayList<>();
        Set<String> nameVersions = new HashSet<>();
        for (Map.Entry<String, ClassifierConfig.Model> e : new TreeMap<>(config.models()).entrySet()) {
            String id = e.getKey();
            ClassifierConfig.Model m = e.getValue();
            String key = "classifier-service.models." + id;
            if (!m.enabled()) {
                continue;
            }
            List<String> labels = m.labels();
            if (new HashSet<>(labels).size() != labels.size()) {
                problems.add(key + ".labels: a label appears twice in " + labels);
            }
            List<Rule> rules = new ArrayList<>();
            for (Map.Entry<String, ClassifierConfig.Rule> r : new TreeMap<>(m.rules()).entrySet()) {
                String rk = key + ".rules." + r.getKey();
                ClassifierConfig.Rule rule = r.getValue();
                int[] idx = new int[rule.labels().size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = labels.indexOf(rule.labels().get(i));
                    if (idx[i] < 0) {
                        problems.add(rk + ".labels: '" + rule.labels().get(i) + "' is not one of the model's labels " + labels);
                    }
                }
                double review = rule.review().orElse(Double.NaN);
                double block = rule.block().orElse(Double.NaN);
                if (Double.isNaN(review) && Double.isNaN(block)) {
                    problems.add(rk + ": set review, block or both");
                }
                for (double t : new double[] { review, block }) {
                    if (!Double.isNaN(t) && (t < 0 || t > 1)) {
                        problems.add(rk + ": thresholds are scores between 0 and 1, got " + t);
                    }
                }
                if (!Double.isNaN(review) && !Double.isNaN(block) && review > block) {
                    problems.add(rk + ": review (" + review + ") is above block (" + block + ")");
                }
                rules.add(new Rule(r.getKey(), List.copyOf(rule.labels()), idx, review, block, rule.category()));
            }
            String name = m.name().orElse(id);
            if (!nameVersions.add(name + "@" + m.version())) {
                problems.add(key + ": another model is already " + name + "@" + m.version());
            }
            float[] mean = new float[3];
            float[] std = new float[3];
            for (int c = 0; c < 3; c++) {
                mean[c] = m.input().mean().get(c).floatValue();
                std[c] = m.input().std().get(c).floatValue();
            }
            specs.add(new ModelSpec(id, name, m.version(), m.path(), m.card(), List.copyOf(labels), m.input().name(),
                    m.input().width(), m.input().height(), m.input().layout(), m.input().resize(), mean, std, m.softmax(),
                    List.copyOf(rules)));
        }
        if (specs.stream().noneMatch(s -> s.id().equals(config.defaultModel()))) {
            problems.add("classifier-service.default-model: '" + config.defaultModel() + "' is not an enabled model of "
                    + config.models().keySet());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid model registry:\n  " + String.join("\n  ", problems));
        }
        return specs;
    }
}

package io.safetyplane.filter.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The project's labelled prompts (test resources {@code evaluation/}) and the filter's score on them. */
final class EvaluationSet {

    record Prompt(String category, String technique, String language, String text) {
    }

    record Outcome(Prompt prompt, Verdict verdict) {
        boolean blocked() {
            return verdict.decision().ordinal() >= Action.BLOCK.ordinal();
        }
    }

    record Rate(int hits, int total) {
        double value() {
            return total == 0 ? 0 : (double) hits / total;
        }

        @Override
        public String toString() {
            return String.format("%d/%d (%.1f%%)", hits, total, 100 * value());
        }
    }

    private EvaluationSet() {
    }

    static List<Prompt> load(String resource) {
        try (InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream("evaluation/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("evaluation/" + resource + " is missing");
            }
            List<Prompt> prompts = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] f = lines[i].split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalStateException(resource + " line " + (i + 1) + " has " + f.length + " fields");
                }
                prompts.add(new Prompt(f[0], f[1], f[2], f[3]));
            }
            return prompts;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Outcome> run(TenantFilter filter, List<Prompt> prompts) {
        return prompts.stream().map(p -> new Outcome(p, filter.check(p.text()))).toList();
    }

    static Rate blockedRate(List<Outcome> outcomes) {
        return new Rate((int) outcomes.stream().filter(Outcome::blocked).count(), outcomes.size());
    }

    /** Blocked rate per value of {@code key}. */
    static Map<String, Rate> by(List<Outcome> outcomes, Function<Prompt, String> key) {
        Map<String, List<Outcome>> groups = new TreeMap<>();
        for (Outcome o : outcomes) {
            groups.computeIfAbsent(key.apply(o.prompt()), k -> new ArrayList<>()).add(o);
        }
        Map<String, Rate> rates = new TreeMap<>();
        groups.forEach((k, v) -> rates.put(k, blockedRate(v)));
        return rates;
    }
}

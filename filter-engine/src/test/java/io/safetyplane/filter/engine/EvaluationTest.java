package io.safetyplane.filter.engine;

import io.safetyplane.filter.engine.EvaluationSet.Outcome;
import io.safetyplane.filter.engine.EvaluationSet.Prompt;
import io.safetyplane.filter.engine.EvaluationSet.Rate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall and false-positive rate of the global policy on the project's evaluation set, and on a
 * held-out set that is never used when tuning the lexicons. Writes a report to
 * {@code target/filter-evaluation.md}, the source of the figures in {@code docs/filter-evaluation.md}.
 */
class EvaluationTest {

    private static final TenantFilter FILTER = PromptFilter.standard().global();
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeAll
    static void header() {
        REPORT.append("# Filter evaluation (policy ").append(FILTER.policyVersion()).append(")\n");
    }

    @Test
    void evaluationSetMeetsRecallAndFalsePositiveTargets() throws IOException {
        Result r = evaluate("evaluation set", "block.tsv", "pass.tsv");
        assertTrue(r.recall.value() >= 0.95, "recall " + r.recall + " below 95%; misses:\n" + r.misses);
        assertTrue(r.falsePositives.value() <= 0.01, "false-positive rate " + r.falsePositives + " above 1%; blocked:\n" + r.wrongBlocks);
    }

    @Test
    void heldOutSetStaysCloseToTheTargets() throws IOException {
        Result r = evaluate("held-out set", "holdout/block.tsv", "holdout/pass.tsv");
        assertTrue(r.recall.value() >= 0.85, "held-out recall " + r.recall + "; misses:\n" + r.misses);
        assertTrue(r.falsePositives.value() <= 0.03, "held-out false-positive rate " + r.falsePositives + "; blocked:\n" + r.wrongBlocks);
    }

    private record Result(Rate recall, Rate falsePositives, String misses, String wrongBlocks) {
    }

    private Result evaluate(String name, String blockFile, String passFile) throws IOException {
        List<Outcome> block = EvaluationSet.run(FILTER, EvaluationSet.load(blockFile));
        List<Outcome> pass = EvaluationSet.run(FILTER, EvaluationSet.load(passFile));
        Rate recall = EvaluationSet.blockedRate(block);
        Rate fpr = EvaluationSet.blockedRate(pass);
        StringBuilder r = new StringBuilder();
        r.append("\n## ").append(name).append("\n\n")
                .append("- recall: ").append(recall).append("\n")
                .append("- false-positive rate: ").append(fpr).append("\n")
                .append("- benign prompts sent to review (not blocked): ")
                .append(pass.stream().filter(o -> o.verdict().decision() == Action.REVIEW).count())
                .append('/').append(pass.size()).append("\n");
        table(r, "Recall by category", EvaluationSet.by(block, Prompt::category));
        table(r, "Recall by technique", EvaluationSet.by(block, Prompt::technique));
        table(r, "Recall by language", EvaluationSet.by(block, Prompt::language));
        table(r, "False positives by theme", EvaluationSet.by(pass, Prompt::category));
        table(r, "False positives by language", EvaluationSet.by(pass, Prompt::language));
        String misses = list(block, o -> !o.blocked());
        String wrong = list(pass, Outcome::blocked);
        r.append("\nMissed:\n\n").append(misses).append("\nWrongly blocked:\n\n").append(wrong);
        synchronized (REPORT) {
            REPORT.append(r);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/filter-evaluation.md"), REPORT);
        }
        return new Result(recall, fpr, misses, wrong);
    }

    private static void table(StringBuilder r, String title, Map<String, Rate> rates) {
        r.append("\n| ").append(title).append(" | blocked |\n|---|---|\n");
        rates.forEach((k, v) -> r.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    }

    private static String list(List<Outcome> outcomes, java.util.function.Predicate<Outcome> which) {
        StringBuilder b = new StringBuilder();
        for (Outcome o : outcomes) {
            if (which.test(o)) {
                Prompt p = o.prompt();
                String rules = String.join(",", o.verdict().findings().stream().map(Finding::rule).toList());
                b.append("- ").append(p.category()).append('/').append(p.technique()).append('/').append(p.language())
                        .append(": ").append(p.text()).append(rules.isEmpty() ? "" : "  [" + rules + "]").append('\n');
            }
        }
        return b.toString();
    }
}

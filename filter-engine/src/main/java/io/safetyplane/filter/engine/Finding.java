package io.safetyplane.filter.engine;

import java.util.List;

/**
 * A rule that fired: the category it assigns, its score and the hits that made it fire.
 *
 * @param source what produced it: {@code lexicon} for the built-in lexicons and rules, otherwise the
 *               {@link PromptSignal#name()} of the signal
 * @param rule   rule id, for example {@code csam.minor-sexualised} or {@code sexual.term}
 * @param detail what the rule saw beyond the hits, for example {@code age 13}; empty when nothing
 */
public record Finding(String source, String rule, Category category, double score, List<Hit> hits, String detail) {
}

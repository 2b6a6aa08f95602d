package io.safetyplane.filter.engine;

import java.util.List;

/**
 * A rule that fired: the category it assigns, its score and the hits that made it fire.
 *
 * @param rule   rule id, for example {@code csam.minor-with-sexual} or {@code sexual.term}
 * @param detail what the rule saw beyond the hits, for example {@code age 13}; empty when nothing
 */
public record Finding(String rule, Category category, double score, List<Hit> hits, String detail) {
}

package io.safetyplane.filter.engine;

/** The outcome for one category: the highest finding score, the category's severity and its action. */
public record CategoryVerdict(Category category, double score, Severity severity, Action action) {
}

package io.safetyplane.filter.engine;

/** Severity and action of one category. */
public record CategorySetting(Severity severity, Action action) {
}

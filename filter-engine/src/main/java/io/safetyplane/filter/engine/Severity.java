package io.safetyplane.filter.engine;

/** How harmful a category's content is, from least to most. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}

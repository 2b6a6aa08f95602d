package io.safetyplane.filter.engine;

/**
 * A range of the original prompt: UTF-16 offsets {@code [start, end)} as Java and JavaScript count them,
 * the same range in code points as Python and Go count them, and the original text of that range.
 */
public record Span(int start, int end, int codePointStart, int codePointEnd, String text) {
}

package io.safetyplane.filter.lexicon;

/** A term found in a view, located by its range {@code [start, end)} in the original prompt. */
public record TermHit(Term term, String view, int start, int end) {
}

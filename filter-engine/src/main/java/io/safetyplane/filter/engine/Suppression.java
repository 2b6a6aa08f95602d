package io.safetyplane.filter.engine;

/** A hit that an allow-phrase covered, reported so that every allowed trap word explains itself. */
public record Suppression(Hit hit, String allowPhrase, String list, Span span) {
}

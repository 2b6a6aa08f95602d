package io.safetyplane.filter.lexicon;

import io.safetyplane.filter.engine.Category;

/**
 * A lexicon entry.
 *
 * @param text          the term without its {@code *} markers
 * @param list          lexicon id: a language code or {@code tenant:<id>}
 * @param category      for {@link Signal#DENY} terms, the category they count towards; otherwise null
 * @param leftBoundary  whether a word must not continue on the left
 * @param rightBoundary whether a word must not continue on the right
 * @param concat        also matched with spaces and punctuation removed from the prompt
 * @param exact         never matched in the leetspeak or stretched views
 * @param nativeOnly    counts only when the prompt has another hit from the same lexicon, for words that
 *                      mean something innocent in another language (Italian "nudo" is a Spanish knot)
 */
public record Term(Signal signal, String text, String list, Category category, boolean leftBoundary,
                   boolean rightBoundary, boolean concat, boolean exact, boolean nativeOnly) {

    /** Reads {@code *term*} notation. */
    public static Term of(Signal signal, String written, String list, Category category, boolean concat, boolean exact,
                          boolean nativeOnly) {
        boolean left = !written.startsWith("*");
        boolean right = !written.endsWith("*") || written.length() == 1;
        String text = written.substring(left ? 0 : 1, right ? written.length() : written.length() - 1).strip();
        return new Term(signal, text, list, category, left, right, concat, exact, nativeOnly);
    }
}

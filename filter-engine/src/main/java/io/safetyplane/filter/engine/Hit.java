package io.safetyplane.filter.engine;

/**
 * One lexicon term found in the prompt.
 *
 * @param signal what the term indicates, for example {@code minor}, {@code sexual} or {@code csam}
 * @param term   the term as written in its lexicon
 * @param list   the lexicon it came from, for example {@code en} or {@code tenant:acme}
 * @param view   the normalised view it was found in: {@code text}, {@code skeleton}, {@code leet},
 *               {@code collapsed}, {@code joined} or {@code concat}
 * @param span   where it is in the original prompt
 */
public record Hit(String signal, String term, String list, String view, Span span) {
}

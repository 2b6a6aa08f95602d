package io.safetyplane.filter.lexicon;

import io.safetyplane.filter.text.AhoCorasick;
import io.safetyplane.filter.text.Normaliser;
import io.safetyplane.filter.text.View;
import io.safetyplane.filter.text.Views;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a set of terms in every view of a prompt. Each term is compiled into the form it takes in each
 * view, so one automaton per view family finds all terms in one pass; word boundaries are checked
 * on the view around each occurrence.
 */
public final class TermMatcher {

    private final Compiled text;
    private final Compiled leet;
    private final Compiled joined;
    private final Compiled collapsed;
    private final Compiled concat;
    private final int size;

    public TermMatcher(List<Term> terms) {
        List<Term> textTerms = new ArrayList<>();
        List<String> textForms = new ArrayList<>();
        List<Term> leetTerms = new ArrayList<>();
        List<String> leetForms = new ArrayList<>();
        List<Term> joinedTerms = new ArrayList<>();
        List<String> joinedForms = new ArrayList<>();
        List<Term> collapsedTerms = new ArrayList<>();
        List<String> collapsedForms = new ArrayList<>();
        List<Term> concatTerms = new ArrayList<>();
        List<String> concatForms = new ArrayList<>();
        for (Term term : terms) {
            String textForm = Normaliser.textForm(term.text());
            if (textForm.isEmpty()) {
                throw new IllegalArgumentException("term '" + term.text() + "' of " + term.list() + " is empty once normalised");
            }
            textTerms.add(term);
            textForms.add(textForm);
            if (!term.exact()) {
                String leetForm = Normaliser.leetForm(term.text());
                leetTerms.add(term);
                leetForms.add(leetForm);
                if (leetForm.indexOf(' ') >= 0) {
                    joinedTerms.add(term);
                    joinedForms.add(Normaliser.joinedForm(term.text()));
                }
                String collapsedForm = Normaliser.collapsedForm(term.text());
                if (collapsedForm.equals(leetForm) || collapsedForm.length() >= 4) {
                    collapsedTerms.add(term);
                    collapsedForms.add(collapsedForm);
                }
            }
            if (term.concat()) {
                String concatForm = Normaliser.concatForm(term.text());
                if (concatForm.length() >= 4) {
                    concatTerms.add(term);
                    concatForms.add(concatForm);
                }
            }
        }
        text = Compiled.of(textTerms, textForms);
        leet = Compiled.of(leetTerms, leetForms);
        joined = Compiled.of(joinedTerms, joinedForms);
        collapsed = Compiled.of(collapsedTerms, collapsedForms);
        concat = Compiled.of(concatTerms, concatForms);
        size = terms.size();
    }

    public int size() {
        return size;
    }

    /** Adds every occurrence of every term to {@code hits}, once per term and original range. */
    public void match(Views views, List<TermHit> hits) {
        if (size == 0) {
            return;
        }
        Set<TermHit> seen = new HashSet<>();
        Compiled.scan(text, views.text(), true, hits, seen);
        Compiled.scan(text, views.skeleton(), true, hits, seen);
        Compiled.scan(leet, views.leet(), true, hits, seen);
        Compiled.scan(leet, views.joined(), true, hits, seen);
        Compiled.scan(joined, views.joined(), true, hits, seen);
        Compiled.scan(collapsed, views.collapsed(), true, hits, seen);
        Compiled.scan(concat, views.concat(), false, hits, seen);
    }

    private record Compiled(AhoCorasick automaton, Term[] terms) {

        static Compiled of(List<Term> terms, List<String> forms) {
            return terms.isEmpty() ? null : new Compiled(new AhoCorasick(forms), terms.toArray(Term[]::new));
        }

        /** Scans {@code view} when both it and the compiled terms exist. */
        static void scan(Compiled compiled, View view, boolean boundaries, List<TermHit> hits, Set<TermHit> seen) {
            if (compiled == null || view == null) {
                return;
            }
            compiled.automaton.scan(view, (pattern, start, end) -> {
                Term term = compiled.terms[pattern];
                if (boundaries && ((term.leftBoundary() && !boundary(view, start, true))
                        || (term.rightBoundary() && !boundary(view, end, false)))) {
                    return;
                }
                TermHit hit = new TermHit(term, view.name(), view.originalStart(start), view.originalEnd(end));
                if (seen.add(new TermHit(term, "", hit.start(), hit.end()))) {
                    hits.add(hit);
                }
            });
        }
    }

    /**
     * Whether a word may start ({@code start}) or end between view positions {@code p - 1} and
     * {@code p}: at either end of the view, next to a character of another word class (see
     * {@link Normaliser#wordClass}), or where the joined view removed a separator. Katakana words only
     * need a boundary where they start, since katakana compounds are written as one word.
     */
    static boolean boundary(View view, int p, boolean start) {
        if (p == 0 || p == view.length()) {
            return true;
        }
        int before = Normaliser.wordClass(view.charAt(p - 1));
        if (before == 0 || before != Normaliser.wordClass(view.charAt(p)) || (before == 2 && !start)) {
            return true;
        }
        return Normaliser.JOINED.equals(view.name()) && view.originalEnd(p) < view.originalStart(p);
    }
}

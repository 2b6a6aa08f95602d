package io.safetyplane.filter.engine;

import io.safetyplane.filter.lexicon.Signal;
import io.safetyplane.filter.lexicon.TermHit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns hits into findings. Some signals decide a category alone; the others count only together,
 * within {@link #WINDOW} characters of each other. Negation is deliberately not read: "not a child"
 * next to a sexual term is still a minor next to a sexual term.
 */
final class Rules {

    static final String SOURCE = "lexicon";
    /** Strong findings apply the category's action; weak ones at most send the prompt to review. */
    static final double STRONG = 1.0;
    static final double WEAK = 0.6;
    /** Largest distance, in original UTF-16 units, between two hits that count together. */
    static final int WINDOW = 200;

    private static final Set<Signal> SEXUALISING = EnumSet.of(Signal.SEXUAL, Signal.SUGGESTIVE, Signal.UNDRESS);

    private Rules() {
    }

    static List<Finding> apply(List<TermHit> hits, PreparedPrompt prompt) {
        Map<Signal, List<TermHit>> by = new EnumMap<>(Signal.class);
        for (TermHit hit : hits) {
            by.computeIfAbsent(hit.term().signal(), s -> new ArrayList<>()).add(hit);
        }
        List<Finding> findings = new ArrayList<>();
        Rules.Context c = new Context(by, prompt, findings);

        c.alone("csam.term", Category.CSAM, STRONG, Signal.CSAM);
        c.pair("csam.minor-sexualised", Category.CSAM, STRONG, EnumSet.of(Signal.MINOR), SEXUALISING);
        c.pair("csam.minor-grooming", Category.CSAM, STRONG, EnumSet.of(Signal.MINOR), EnumSet.of(Signal.GROOMING));
        c.pair("csam.youth-sexual", Category.CSAM, WEAK, EnumSet.of(Signal.YOUTH),
                EnumSet.of(Signal.SEXUAL, Signal.UNDRESS, Signal.SUGGESTIVE, Signal.GROOMING));

        c.alone("ncii.term", Category.NCII, STRONG, Signal.NCII);
        c.pair("ncii.person-sexualised", Category.NCII, STRONG, EnumSet.of(Signal.PERSON), SEXUALISING);

        c.alone("sexual.term", Category.SEXUAL, STRONG, Signal.SEXUAL);
        c.alone("sexual.undress", Category.SEXUAL, WEAK, Signal.UNDRESS);
        c.alone("violence.term", Category.VIOLENCE, STRONG, Signal.VIOLENCE);
        c.pair("violence.act-graphic", Category.VIOLENCE, STRONG, EnumSet.of(Signal.VIOLENT_ACT), EnumSet.of(Signal.GRAPHIC));
        c.alone("hate.term", Category.HATE, STRONG, Signal.HATE);
        c.pair("hate.group-dehumanised", Category.HATE, STRONG, EnumSet.of(Signal.GROUP), EnumSet.of(Signal.DEHUMANISE));
        c.alone("self_harm.term", Category.SELF_HARM, STRONG, Signal.SELF_HARM);
        c.pair("self_harm.act-on-self", Category.SELF_HARM, STRONG, EnumSet.of(Signal.SELF_HARM_ACT), EnumSet.of(Signal.SELF_TARGET));
        c.pair("self_harm.mentions", Category.SELF_HARM, STRONG, EnumSet.of(Signal.SELF_HARM_WEAK), EnumSet.of(Signal.SELF_HARM_WEAK));
        c.alone("self_harm.mention", Category.SELF_HARM, WEAK, Signal.SELF_HARM_WEAK);
        c.alone("illegal.term", Category.ILLEGAL, STRONG, Signal.ILLEGAL);
        c.pair("illegal.instructions", Category.ILLEGAL, STRONG, EnumSet.of(Signal.INSTRUCTIONS), EnumSet.of(Signal.HAZARD));
        c.pair("illegal.forged-document", Category.ILLEGAL, STRONG, EnumSet.of(Signal.FORGERY), EnumSet.of(Signal.DOCUMENT));

        for (TermHit hit : by.getOrDefault(Signal.DENY, List.of())) {
            findings.add(new Finding(SOURCE, "tenant.deny", hit.term().category(), STRONG, List.of(c.hit(hit)), ""));
        }
        return findings;
    }

    private record Context(Map<Signal, List<TermHit>> by, PreparedPrompt prompt, List<Finding> findings) {

        void alone(String rule, Category category, double score, Signal signal) {
            List<TermHit> found = by.getOrDefault(signal, List.of());
            if (!found.isEmpty()) {
                findings.add(new Finding(SOURCE, rule, category, score, found.stream().map(this::hit).toList(), ""));
            }
        }

        /** The closest pair of distinct terms, one from each side, within the window. */
        void pair(String rule, Category category, double score, Set<Signal> left, Set<Signal> right) {
            TermHit bestA = null;
            TermHit bestB = null;
            int best = Integer.MAX_VALUE;
            for (Signal ls : left) {
                for (TermHit a : by.getOrDefault(ls, List.of())) {
                    for (Signal rs : right) {
                        for (TermHit b : by.getOrDefault(rs, List.of())) {
                            int distance = Math.max(0, Math.max(a.start(), b.start()) - Math.min(a.end(), b.end()));
                            boolean same = a.term() == b.term() || (a.start() < b.end() && b.start() < a.end());
                            if (!same && distance <= WINDOW && distance < best) {
                                best = distance;
                                bestA = a;
                                bestB = b;
                            }
                        }
                    }
                }
            }
            if (bestA != null) {
                String detail = bestA.term().list().equals("age") ? bestA.term().text() : "";
                findings.add(new Finding(SOURCE, rule, category, score, List.of(hit(bestA), hit(bestB)), detail));
            }
        }

        Hit hit(TermHit h) {
            return new Hit(h.term().signal().id(), h.term().text(), h.term().list(), h.view(),
                    prompt.span(h.start(), h.end()));
        }
    }
}

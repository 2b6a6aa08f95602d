package io.safetyplane.filter.engine;

import io.safetyplane.filter.lexicon.Signal;
import io.safetyplane.filter.lexicon.Term;
import io.safetyplane.filter.lexicon.TermHit;
import io.safetyplane.filter.lexicon.TermMatcher;
import io.safetyplane.filter.text.Normaliser;
import io.safetyplane.filter.text.Views;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The global policy with one tenant's settings and lists compiled in. Immutable and thread-safe. */
public final class TenantFilter {

    /** Signals a tenant's allow-phrases cannot suppress where they would take part in a csam finding. */
    private static final Set<Category> FLOOR = EnumSet.of(Category.CSAM);

    private final PromptFilter filter;
    private final TenantPolicy policy;
    private final TermMatcher tenantTerms;
    private final Map<Category, Action> actions = new EnumMap<>(Category.class);
    private final String policyVersion;

    TenantFilter(PromptFilter filter, TenantPolicy policy) {
        this.filter = filter;
        this.policy = policy;
        filter.settings().forEach((category, setting) -> actions.put(category, setting.action()));
        if (policy == null) {
            tenantTerms = new TermMatcher(List.of());
            policyVersion = filter.policyVersion();
            return;
        }
        List<String> problems = new ArrayList<>(policy.problems());
        List<Term> terms = new ArrayList<>();
        String list = "tenant:" + policy.tenantId();
        for (int i = 0; i < policy.denyTerms().size(); i++) {
            TenantTerm t = policy.denyTerms().get(i);
            if (t != null && t.term() != null && t.category() != null) {
                addTerm(terms, problems, "denyTerms[" + i + "]", Term.of(Signal.DENY, t.term().strip(), list, t.category(), false, false, false));
            }
        }
        for (int i = 0; i < policy.allowPhrases().size(); i++) {
            String phrase = policy.allowPhrases().get(i);
            if (phrase != null) {
                addTerm(terms, problems, "allowPhrases[" + i + "]", Term.of(Signal.ALLOW, phrase.strip(), list, null, false, false, false));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        tenantTerms = new TermMatcher(terms);
        actions.putAll(policy.actions());
        policyVersion = filter.policyVersion() + "/" + policy.tenantId() + "@" + policy.revision();
    }

    private static void addTerm(List<Term> terms, List<String> problems, String where, Term term) {
        if (term.text().isBlank()) {
            return;
        }
        String form = Normaliser.textForm(term.text());
        long letters = form.codePoints().filter(Character::isLetterOrDigit).count();
        boolean ideographic = form.codePoints().anyMatch(cp -> Character.isIdeographic(cp)
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL);
        if (letters < (ideographic ? 1 : 2)) {
            problems.add(where + " '" + term.text() + "' would match almost anything; it needs at least two letters");
        } else {
            terms.add(term);
        }
    }

    /** The tenant's policy; null for the global filter. */
    public TenantPolicy policy() {
        return policy;
    }

    public String policyVersion() {
        return policyVersion;
    }

    /**
     * Evaluates a prompt.
     *
     * @throws InvalidPromptException when the prompt is empty, too long or not clean text
     */
    public Verdict check(String prompt) {
        PromptText.validate(prompt, filter.maxPromptChars());
        Views views = Normaliser.views(prompt);
        if (views.text().length() == 0 || views.text().text().isBlank()) {
            throw new InvalidPromptException(InvalidPromptException.Reason.EMPTY, "prompt has no visible text");
        }
        PreparedPrompt prepared = new PreparedPrompt(prompt, views);
        List<TermHit> hits = new ArrayList<>();
        filter.policy().matcher().match(views, hits);
        tenantTerms.match(views, hits);
        Ages.find(views.text(), hits);
        hits = inLanguage(hits);

        List<Suppression> suppressed = new ArrayList<>();
        List<TermHit> globalKept = suppress(hits, false, prepared, null);
        List<TermHit> allKept = suppress(hits, true, prepared, suppressed);

        List<Finding> findings = new ArrayList<>();
        for (Finding f : Rules.apply(globalKept, prepared)) {
            if (FLOOR.contains(f.category())) {
                findings.add(f);
            }
        }
        for (Finding f : Rules.apply(allKept, prepared)) {
            if (!FLOOR.contains(f.category())) {
                findings.add(f);
            }
        }
        for (PromptSignal signal : filter.signals()) {
            findings.addAll(signal.assess(prepared));
        }
        return verdict(findings, suppressed);
    }

    /**
     * Drops {@code native} hits of lexicons that nothing else in the prompt speaks for, and the language
     * markers themselves once they have done that.
     */
    private static List<TermHit> inLanguage(List<TermHit> hits) {
        boolean anyNative = false;
        for (TermHit h : hits) {
            anyNative |= h.term().nativeOnly() || h.term().signal() == Signal.MARKER;
        }
        if (!anyNative) {
            return hits;
        }
        Set<String> spoken = new HashSet<>();
        for (TermHit h : hits) {
            if (!h.term().nativeOnly()) {
                spoken.add(h.term().list());
            }
        }
        List<TermHit> kept = new ArrayList<>(hits.size());
        for (TermHit h : hits) {
            if (h.term().signal() != Signal.MARKER && (!h.term().nativeOnly() || spoken.contains(h.term().list()))) {
                kept.add(h);
            }
        }
        return kept;
    }

    /** Drops hits lying wholly inside an allow-phrase; tenant phrases count only when {@code withTenant}. */
    private static List<TermHit> suppress(List<TermHit> hits, boolean withTenant, PreparedPrompt prompt,
                                          List<Suppression> report) {
        List<TermHit> allows = new ArrayList<>();
        for (TermHit h : hits) {
            if (h.term().signal() == Signal.ALLOW && (withTenant || !h.term().list().startsWith("tenant:"))) {
                allows.add(h);
            }
        }
        List<TermHit> kept = new ArrayList<>(hits.size());
        for (TermHit h : hits) {
            if (h.term().signal() == Signal.ALLOW) {
                continue;
            }
            TermHit cover = null;
            for (TermHit a : allows) {
                if (a.start() <= h.start() && h.end() <= a.end() && !(a.start() == h.start() && a.end() == h.end())) {
                    cover = a;
                    break;
                }
            }
            if (cover == null) {
                kept.add(h);
            } else if (report != null) {
                Hit hit = new Hit(h.term().signal().id(), h.term().text(), h.term().list(), h.view(), prompt.span(h.start(), h.end()));
                report.add(new Suppression(hit, cover.term().text(), cover.term().list(), prompt.span(cover.start(), cover.end())));
            }
        }
        return kept;
    }

    private Verdict verdict(List<Finding> findings, List<Suppression> suppressed) {
        Map<Category, Double> scores = new EnumMap<>(Category.class);
        for (Finding f : findings) {
            scores.merge(f.category(), f.score(), Math::max);
        }
        List<CategoryVerdict> categories = new ArrayList<>();
        Action decision = Action.ALLOW;
        for (Map.Entry<Category, Double> e : scores.entrySet()) {
            Category category = e.getKey();
            Action action = actions.get(category);
            if (e.getValue() < Rules.STRONG && action.ordinal() > Action.REVIEW.ordinal()) {
                action = Action.REVIEW;
            }
            categories.add(new CategoryVerdict(category, e.getValue(), filter.settings().get(category).severity(), action));
            decision = decision.max(action);
        }
        categories.sort(Comparator.comparing(CategoryVerdict::action).thenComparing(CategoryVerdict::severity).reversed());
        return new Verdict(decision, policyVersion, List.copyOf(categories), List.copyOf(findings), List.copyOf(suppressed));
    }
}

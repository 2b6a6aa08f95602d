package io.safetyplane.filter.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A business customer's own settings on top of the global policy: category actions, deny terms and
 * allow-phrases. Tenants may tighten any category but never loosen the floors: {@code csam} is always
 * block-and-report and {@code ncii} at least block. Only csam is reported, so no other category may be
 * set to block-and-report.
 *
 * @param revision increases with every change; verdicts name it beside the global policy version
 */
public record TenantPolicy(String tenantId, long revision, Map<Category, Action> actions,
                           List<TenantTerm> denyTerms, List<String> allowPhrases) {

    public static final int MAX_TERMS = 10_000;
    public static final int MAX_TERM_CHARS = 200;
    /** Tenant ids: lower-case letters, digits, '.', '_' and '-', at most 63. */
    public static final String TENANT_ID_PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";
    private static final Pattern TENANT_ID = Pattern.compile(TENANT_ID_PATTERN);

    public TenantPolicy {
        actions = Map.copyOf(actions);
        denyTerms = List.copyOf(denyTerms);
        allowPhrases = List.copyOf(allowPhrases);
    }

    /** A tenant without settings of its own. */
    public static TenantPolicy empty(String tenantId) {
        return new TenantPolicy(tenantId, 0, Map.of(), List.of(), List.of());
    }

    /** Whether the id is usable as a tenant id: lower-case letters, digits, '.', '_' and '-', at most 63. */
    public static boolean validTenantId(String id) {
        return id != null && TENANT_ID.matcher(id).matches();
    }

    /** Every problem with this policy; empty when it can be applied. Terms are checked again when compiled. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!validTenantId(tenantId)) {
            problems.add("tenantId must match " + TENANT_ID.pattern());
        }
        if (revision < 0) {
            problems.add("revision must not be negative");
        }
        Map<Category, Action> floors = new EnumMap<>(Category.class);
        floors.put(Category.CSAM, Action.BLOCK_AND_REPORT);
        floors.put(Category.NCII, Action.BLOCK);
        floors.forEach((category, floor) -> {
            Action set = actions.get(category);
            if (set != null && set.ordinal() < floor.ordinal()) {
                problems.add("category " + category.id() + " cannot be set below " + floor.id());
            }
        });
        actions.forEach((category, action) -> {
            if (action == Action.BLOCK_AND_REPORT && category != Category.CSAM) {
                problems.add("category " + category.id() + " cannot be block_and_report: only csam is reported");
            }
        });
        if (denyTerms.size() > MAX_TERMS) {
            problems.add("at most " + MAX_TERMS + " deny terms");
        }
        if (allowPhrases.size() > MAX_TERMS) {
            problems.add("at most " + MAX_TERMS + " allow phrases");
        }
        for (int i = 0; i < denyTerms.size(); i++) {
            TenantTerm t = denyTerms.get(i);
            checkTerm("denyTerms[" + i + "]", t == null ? null : t.term(), problems);
            if (t != null && t.category() == null) {
                problems.add("denyTerms[" + i + "] needs a category");
            }
        }
        for (int i = 0; i < allowPhrases.size(); i++) {
            checkTerm("allowPhrases[" + i + "]", allowPhrases.get(i), problems);
        }
        return problems;
    }

    private static void checkTerm(String where, String term, List<String> problems) {
        if (term == null || term.isBlank()) {
            problems.add(where + " is empty");
        } else if (term.length() > MAX_TERM_CHARS) {
            problems.add(where + " is longer than " + MAX_TERM_CHARS + " characters");
        }
    }
}

package io.safetyplane.filter.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.safetyplane.contracts.filter.v1.DenyTerm;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.engine.Action;
import io.safetyplane.filter.engine.Category;
import io.safetyplane.filter.engine.TenantPolicy;
import io.safetyplane.filter.engine.TenantTerm;

/** Converts a tenant's policy between its topic record ({@link PolicyChange}) and the engine's {@link TenantPolicy}. */
public final class PolicyRecords {
    static final String CATEGORIES = Arrays.stream(Category.values()).map(Category::id).collect(Collectors.joining(", "));
    static final String ACTIONS = Arrays.stream(Action.values()).map(Action::id).collect(Collectors.joining(", "));

    private PolicyRecords() {
    }

    /** An engine policy and what could not be read into it (unknown category or action ids). */
    public record Converted(TenantPolicy policy, List<String> problems) {
    }

    /**
     * Reads a record into an engine policy. Unknown ids are reported as problems; an unknown deny-term
     * category is read as {@code custom} so that the term itself is still checked.
     */
    public static Converted toEngine(PolicyChange record) {
        List<String> problems = new ArrayList<>();
        Map<Category, Action> actions = new EnumMap<>(Category.class);
        record.getCategoryActionsMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Category category = category(e.getKey());
            Action action = action(e.getValue());
            if (category == null) {
                problems.add("categoryActions: unknown category '" + e.getKey() + "'; one of " + CATEGORIES);
            } else if (action == null) {
                problems.add("categoryActions." + e.getKey() + ": unknown action '" + e.getValue() + "'; one of " + ACTIONS);
            } else {
                actions.put(category, action);
            }
        });
        List<TenantTerm> terms = new ArrayList<>();
        for (int i = 0; i < record.getDenyTermsCount(); i++) {
            DenyTerm t = record.getDenyTerms(i);
            Category category = null;
            if (!t.getCategory().isEmpty()) {
                category = category(t.getCategory());
                if (category == null) {
                    problems.add("denyTerms[" + i + "].category: unknown category '" + t.getCategory() + "'; one of " + CATEGORIES);
                    category = Category.CUSTOM;
                }
            }
            terms.add(new TenantTerm(t.getTerm(), category));
        }
        TenantPolicy policy = new TenantPolicy(record.getTenantId(), record.getRevision(), actions, terms,
                record.getAllowPhrasesList());
        return new Converted(policy, problems);
    }

    private static Category category(String id) {
        try {
            return Category.fromId(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Action action(String id) {
        try {
            return Action.fromId(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

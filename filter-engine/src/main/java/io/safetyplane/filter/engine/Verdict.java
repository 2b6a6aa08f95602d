package io.safetyplane.filter.engine;

import java.util.List;

/**
 * The filter's answer for one prompt.
 *
 * @param decision      the strictest action of all categories that fired; {@link Action#ALLOW} when none did
 * @param policyVersion the global policy version and the tenant's revision that decided, for example
 *                      {@code 2026.11.0+3f2a9c1e0b7d/acme@4}
 * @param categories    one entry per category that fired, strictest first
 * @param findings      every rule that fired, with its hits
 * @param suppressed    hits that allow-phrases covered
 */
public record Verdict(Action decision, String policyVersion, List<CategoryVerdict> categories,
                      List<Finding> findings, List<Suppression> suppressed) {

    /** Whether the prompt must be reported to NCMEC: a csam category that blocks and reports. */
    public boolean reportable() {
        return categories.stream().anyMatch(c -> c.category() == Category.CSAM && c.action() == Action.BLOCK_AND_REPORT);
    }
}

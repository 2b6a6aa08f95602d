package io.safetyplane.filter.engine;

import java.util.List;
import java.util.Map;

/**
 * The prompt filter: validates a prompt, prepares its normalised views once, matches the lexicons,
 * reads ages, applies the rules, lets any further {@link PromptSignal} assess it, and turns the findings
 * into a {@link Verdict} under the global policy and a tenant's own settings. Immutable and thread-safe; compile a tenant once with {@link #forTenant}.
 */
public final class PromptFilter {

    public static final int DEFAULT_MAX_PROMPT_CHARS = 32_768;

    private final PolicyBundle policy;
    private final int maxPromptChars;
    private final List<PromptSignal> signals;

    private PromptFilter(PolicyBundle policy, int maxPromptChars, List<PromptSignal> signals) {
        this.policy = policy;
        this.maxPromptChars = maxPromptChars;
        this.signals = List.copyOf(signals);
    }

    /** The bundled global policy and lexicons, with the default prompt size limit. */
    public static PromptFilter standard() {
        return standard(DEFAULT_MAX_PROMPT_CHARS);
    }

    /** The bundled global policy and lexicons; prompts longer than {@code maxPromptChars} UTF-16 units are refused. */
    public static PromptFilter standard(int maxPromptChars) {
        if (maxPromptChars < 1) {
            throw new IllegalArgumentException("maxPromptChars must be positive");
        }
        return new PromptFilter(PolicyBundle.bundled(), maxPromptChars, List.of());
    }

    /** A filter that also consults {@code signal}, for example a text classifier. */
    public PromptFilter withSignal(PromptSignal signal) {
        List<PromptSignal> all = new java.util.ArrayList<>(signals);
        all.add(signal);
        return new PromptFilter(policy, maxPromptChars, all);
    }

    /** Version of the global policy: its name and a hash of its lexicons and settings. */
    public String policyVersion() {
        return policy.version();
    }

    /** Severity and action of every category under the global policy. */
    public Map<Category, CategorySetting> settings() {
        return policy.settings();
    }

    public int maxPromptChars() {
        return maxPromptChars;
    }

    /** The filter as a tenant without settings of its own sees it. */
    public TenantFilter global() {
        return forTenant(null);
    }

    /**
     * Compiles a tenant's settings, deny terms and allow-phrases.
     *
     * @throws PolicyException listing every problem when the policy cannot be applied
     */
    public TenantFilter forTenant(TenantPolicy tenant) {
        return new TenantFilter(this, tenant);
    }

    /** Languages the bundled lexicons cover, as ISO 639-1 codes. */
    public List<String> languages() {
        return policy.languages();
    }

    PolicyBundle policy() {
        return policy;
    }

    List<PromptSignal> signals() {
        return signals;
    }
}

package io.safetyplane.enforcement.notice;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment's settings for statements of reasons. They come from configuration and are the same for every
 * decision.
 *
 * @param appealChannel how to appeal, for example {@code "https://example.com/appeals"} or
 *        {@code "POST /v1/sanctions/{sanctionId}/appeals"}. It goes into the notice.
 * @param termsUrl the public URL of the terms and conditions (Acceptable Use Policy). It is sent as {@code
 *        decision_ground_reference_url} for decisions on the terms ground. May be {@code null}.
 * @param territorialScope the EU/EEA countries where the measure applies. A measure on this service applies
 *        everywhere, so the default is every EU/EEA country.
 * @param termsSections for each category decided on the terms ground, the section of the Acceptable Use Policy
 *        relied on. It becomes {@code incompatible_content_ground}. Missing categories use
 *        {@link #DEFAULT_TERMS_SECTIONS}.
 */
public record NoticePolicy(String appealChannel, String termsUrl, List<String> territorialScope,
        Map<PolicyCategory, String> termsSections) {

    /**
     * Default section names of the Acceptable Use Policy per category. They name sections by title, not number, so
     * they stay correct while the policy is renumbered. Replace them if the published policy uses other titles.
     */
    public static final Map<PolicyCategory, String> DEFAULT_TERMS_SECTIONS = defaults();

    public NoticePolicy {
        if (appealChannel == null || appealChannel.isBlank()) {
            throw new IllegalArgumentException("appeal_channel: required");
        }
        territorialScope = territorialScope == null ? DsaVocabulary.EU_EEA_COUNTRIES : List.copyOf(territorialScope);
        Map<PolicyCategory, String> sections = new EnumMap<>(DEFAULT_TERMS_SECTIONS);
        if (termsSections != null) {
            sections.putAll(termsSections);
        }
        termsSections = Map.copyOf(sections);
    }

    /** Every EU/EEA country and the default section names. */
    public static NoticePolicy of(String appealChannel, String termsUrl) {
        return new NoticePolicy(appealChannel, termsUrl, null, null);
    }

    /** The Acceptable Use Policy section for the category. */
    public String termsSection(PolicyCategory category) {
        return termsSections.get(category);
    }

    private static Map<PolicyCategory, String> defaults() {
        Map<PolicyCategory, String> m = new EnumMap<>(PolicyCategory.class);
        m.put(PolicyCategory.CSAM, "Acceptable Use Policy, section \"Child safety\"");
        m.put(PolicyCategory.NCII, "Acceptable Use Policy, section \"Intimate images of real people\"");
        m.put(PolicyCategory.SEXUAL, "Acceptable Use Policy, section \"Sexual content\"");
        m.put(PolicyCategory.VIOLENCE, "Acceptable Use Policy, section \"Violent and graphic content\"");
        m.put(PolicyCategory.HATE, "Acceptable Use Policy, section \"Hateful content\"");
        m.put(PolicyCategory.SELF_HARM, "Acceptable Use Policy, section \"Suicide and self-harm\"");
        m.put(PolicyCategory.ILLEGAL, "Acceptable Use Policy, section \"Illegal goods and dangerous activities\"");
        m.put(PolicyCategory.CUSTOM, "Acceptable Use Policy, section \"Business customer content rules\"");
        return Map.copyOf(m);
    }
}

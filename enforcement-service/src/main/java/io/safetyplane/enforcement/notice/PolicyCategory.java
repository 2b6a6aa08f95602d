package io.safetyplane.enforcement.notice;

import java.util.Locale;

/**
 * The platform's policy categories, with the identifiers the filter, the classifiers and the hash banks use
 * ({@code csam}, {@code self_harm}, ...). {@link StatementsOfReasons} maps them to DSA categories and keywords.
 */
public enum PolicyCategory {
    /** Any sexualisation of minors. */
    CSAM,
    /** Sexual content of real, identifiable people (non-consensual intimate imagery). */
    NCII,
    /** Adult sexual content and nudity. */
    SEXUAL,
    /** Gore, graphic violence and violent crime. */
    VIOLENCE,
    /** Slurs, dehumanisation and extremist propaganda against protected groups. */
    HATE,
    /** Suicide, self-injury and eating disorders. */
    SELF_HARM,
    /** Drugs, weapons, explosives, counterfeits and trafficking. */
    ILLEGAL,
    /** Terms on a tenant's own deny list. */
    CUSTOM;

    /** The identifier used in APIs and events: {@code csam}, {@code self_harm}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an identifier written by {@link #id()}.
     *
     * @throws IllegalArgumentException for an unknown identifier
     */
    public static PolicyCategory fromId(String id) {
        for (PolicyCategory c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("category: unknown policy category '" + id + "'");
    }
}

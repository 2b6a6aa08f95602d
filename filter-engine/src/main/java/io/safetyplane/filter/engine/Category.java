package io.safetyplane.filter.engine;

import java.util.List;
import java.util.Locale;

/**
 * Policy categories of the prompt filter, each mapped to the MLCommons AI hazard taxonomy (S1–S14)
 * so that verdicts can be compared with Llama Guard and other classifiers.
 */
public enum Category {
    /** Any sexualisation of minors. */
    CSAM(List.of("S4")),
    /** Adult sexual content; allowed or blocked per tenant. */
    SEXUAL(List.of("S12")),
    /** Sexual content of real, identifiable people (non-consensual intimate imagery). */
    NCII(List.of("S3", "S12", "S7")),
    /** Graphic violence, gore and violent crime. */
    VIOLENCE(List.of("S1")),
    /** Hate speech and extremist propaganda against protected groups. */
    HATE(List.of("S10")),
    /** Suicide and self-harm, including eating disorders. */
    SELF_HARM(List.of("S11")),
    /** Illegal goods and instructions: drugs, weapons, explosives, counterfeits, trafficking. */
    ILLEGAL(List.of("S2", "S9")),
    /** Terms a tenant denies on its own deny list. */
    CUSTOM(List.of());

    private final List<String> hazards;

    Category(List<String> hazards) {
        this.hazards = hazards;
    }

    /** Identifier used in APIs, events and lexicon files: {@code csam}, {@code self_harm}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** MLCommons hazard codes this category corresponds to. */
    public List<String> hazards() {
        return hazards;
    }

    /** Parses an identifier as written by {@link #id()}; throws for an unknown one. */
    public static Category fromId(String id) {
        for (Category c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown category '" + id + "'");
    }
}

package io.safetyplane.filter.engine;

import java.util.List;
import java.util.Locale;

/**
 * Policy categories of the prompt filter, each mapped to the MLCommons AI hazard taxonomy (S1–S14)
 * so that verdicts can be compared with Llama Guard and other classifiers.
 */
public enum Category {
    /** Any sexualisation of minors. */
    CSAM("any sexualisation of minors", List.of("S4")),
    /** Adult sexual content; allowed or blocked per tenant. */
    SEXUAL("adult sexual content and nudity; allowed or blocked per tenant", List.of("S12")),
    /** Sexual content of real, identifiable people (non-consensual intimate imagery). */
    NCII("sexual content of real, identifiable people", List.of("S3", "S12", "S7")),
    /** Graphic violence, gore and violent crime. */
    VIOLENCE("gore, graphic violence and violent crime", List.of("S1")),
    /** Hate speech and extremist propaganda against protected groups. */
    HATE("slurs, dehumanisation and extremist propaganda against protected groups", List.of("S10")),
    /** Suicide and self-harm, including eating disorders. */
    SELF_HARM("suicide, self-injury and eating disorders", List.of("S11")),
    /** Illegal goods and instructions: drugs, weapons, explosives, counterfeits, trafficking. */
    ILLEGAL("drugs, weapons, explosives, counterfeits and trafficking", List.of("S2", "S9")),
    /** Terms a tenant denies on its own deny list. */
    CUSTOM("terms on a tenant's own deny list", List.of());

    private final String description;
    private final List<String> hazards;

    Category(String description, List<String> hazards) {
        this.description = description;
        this.hazards = hazards;
    }

    /** One line saying what the category covers. */
    public String description() {
        return description;
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

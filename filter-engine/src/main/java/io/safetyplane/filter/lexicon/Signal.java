package io.safetyplane.filter.lexicon;

import java.util.Locale;

/** What a lexicon term indicates; see {@code lexicons/README.md} for the table of meanings. */
public enum Signal {
    CSAM, NCII, SEXUAL, SUGGESTIVE, UNDRESS, MINOR, YOUTH, GROOMING, PERSON, VIOLENCE, HATE, GROUP,
    DEHUMANISE, VIOLENT_ACT, GRAPHIC, SELF_HARM, SELF_HARM_WEAK, SELF_HARM_ACT, SELF_TARGET, ILLEGAL, FORGERY,
    DOCUMENT, INSTRUCTIONS, HAZARD, ALLOW,
    /** A word typical of the lexicon's language; lets its {@code native} terms count, never a finding itself. */
    MARKER,
    /** A tenant's deny term; its category comes with the term. */
    DENY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Signal fromId(String id) {
        for (Signal s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown signal '" + id + "'");
    }
}

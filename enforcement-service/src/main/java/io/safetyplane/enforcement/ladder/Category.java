package io.safetyplane.enforcement.ladder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Policy categories a violation can carry, with the ids used in events and configuration. */
public enum Category {
    CSAM, NCII, SEXUAL, VIOLENCE, HATE, SELF_HARM, ILLEGAL, CUSTOM;

    /** Id as written in events and configuration: {@code csam}, {@code self_harm}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category with this id (exact, lower case), or empty. */
    public static Optional<Category> find(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }

    static String ids() {
        return Arrays.stream(values()).map(Category::id).toList().toString();
    }
}

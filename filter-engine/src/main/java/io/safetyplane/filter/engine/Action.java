package io.safetyplane.filter.engine;

import java.util.Locale;

/** What the gate does with a prompt, ordered from most to least permissive. */
public enum Action {
    ALLOW, REVIEW, BLOCK, BLOCK_AND_REPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stricter of the two. */
    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public static Action fromId(String id) {
        for (Action a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "'");
    }
}

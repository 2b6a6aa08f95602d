package io.safetyplane.enforcement.ladder;

import java.util.Locale;

/** What a sanction does, mildest first; each maps to the {@link Standing.Level} it puts the subject in. */
public enum Action {
    /** A written warning (DSA art. 23 prior warning); no restriction. */
    WARN(Standing.Level.WARNED),
    /** One capability withdrawn (a scope such as {@code uploads}) for a time. */
    RESTRICT(Standing.Level.RESTRICTED),
    /** No use of the service until a time, or until a reviewer decides when no time is set. */
    SUSPEND(Standing.Level.SUSPENDED),
    /** Permanent termination of the account or end user. */
    DISABLE(Standing.Level.DISABLED);

    private final Standing.Level level;

    Action(Standing.Level level) {
        this.level = level;
    }

    /** The standing this action puts its subject in while in force. */
    public Standing.Level level() {
        return level;
    }

    /** Id as written in configuration and reasons: {@code warn}, {@code restrict}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

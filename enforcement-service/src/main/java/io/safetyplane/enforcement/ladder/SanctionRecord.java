package io.safetyplane.enforcement.ladder;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A sanction as stored and as {@link Standing#of} reads it.
 *
 * @param action what it does
 * @param scope  the restricted capability ({@link Action#RESTRICT} only), else null
 * @param from   when it took effect
 * @param until  when a suspension or restriction ends; null for no end (a suspension pending review, a restriction
 *               without end); ignored for warnings (they last the warning period) and disables (they never end)
 */
public record SanctionRecord(Action action, String scope, Instant from, Instant until) {

    public SanctionRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(from, "from");
        if ((action == Action.RESTRICT) != (scope != null)) {
            throw new IllegalArgumentException("a scope is required for RESTRICT and only for RESTRICT");
        }
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("until must be after from");
        }
    }

    /** When it stops being in force: a warning after {@code warningPeriod}, a disable never (null). */
    public Instant end(Duration warningPeriod) {
        return switch (action) {
            case WARN -> from.plus(warningPeriod);
            case DISABLE -> null;
            case RESTRICT, SUSPEND -> until;
        };
    }

    /** True when in force at {@code now}: {@code from <= now < end}. */
    public boolean inForce(Instant now, Duration warningPeriod) {
        Instant end = end(warningPeriod);
        return !from.isAfter(now) && (end == null || now.isBefore(end));
    }
}

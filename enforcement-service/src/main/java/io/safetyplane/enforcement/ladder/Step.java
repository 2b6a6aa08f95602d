package io.safetyplane.enforcement.ladder;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rung of a ladder: {@code warn}, {@code restrict:<scope>} or {@code restrict:<scope>:<duration>},
 * {@code suspend:<duration>}, {@code disable}.
 *
 * @param action   what the step does
 * @param scope    the restricted capability ({@code restrict} only, e.g. {@code uploads}), else null
 * @param duration how long a suspension or restriction lasts; null for warn and disable, and for a restriction that
 *                 lasts as long as the strike that caused it
 */
public record Step(Action action, String scope, Duration duration) {
    private static final Pattern SCOPE = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public Step {
        Objects.requireNonNull(action, "action");
        boolean restrict = action == Action.RESTRICT;
        if (restrict != (scope != null)) {
            throw new IllegalArgumentException("a scope is required for restrict and only for restrict");
        }
        if (action == Action.SUSPEND && duration == null) {
            throw new IllegalArgumentException("suspend needs a duration");
        }
        if ((action == Action.WARN || action == Action.DISABLE) && duration != null) {
            throw new IllegalArgumentException(action.id() + " takes no duration");
        }
    }

    public static Step warn() {
        return new Step(Action.WARN, null, null);
    }

    public static Step disable() {
        return new Step(Action.DISABLE, null, null);
    }

    public static Step suspend(Duration duration) {
        return new Step(Action.SUSPEND, null, duration);
    }

    /** Parses one step as written in configuration; IllegalArgumentException saying what is wrong. */
    public static Step parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split(":", -1);
        switch (parts[0]) {
            case "warn":
            case "disable":
                if (parts.length == 1) {
                    return parts[0].equals("warn") ? warn() : disable();
                }
                throw new IllegalArgumentException("'" + parts[0] + "' takes no argument: '" + text + "'");
            case "suspend":
                if (parts.length == 2) {
                    return suspend(Durations.parse(parts[1]));
                }
                throw new IllegalArgumentException("suspend needs a duration, e.g. suspend:24h: '" + text + "'");
            case "restrict":
                if ((parts.length == 2 || parts.length == 3) && SCOPE.matcher(parts[1]).matches()) {
                    return new Step(Action.RESTRICT, parts[1], parts.length == 3 ? Durations.parse(parts[2]) : null);
                }
                throw new IllegalArgumentException("restrict needs a scope [a-z0-9_-], e.g. restrict:uploads or "
                        + "restrict:uploads:7d: '" + text + "'");
            default:
                throw new IllegalArgumentException("unknown step '" + text
                        + "'; one of warn, restrict:<scope>[:<duration>], suspend:<duration>, disable");
        }
    }

    /** The step as written in configuration, e.g. {@code suspend:24h}. */
    @Override
    public String toString() {
        return switch (action) {
            case WARN, DISABLE -> action.id();
            case SUSPEND -> "suspend:" + Durations.format(duration);
            case RESTRICT -> "restrict:" + scope + (duration == null ? "" : ":" + Durations.format(duration));
        };
    }
}

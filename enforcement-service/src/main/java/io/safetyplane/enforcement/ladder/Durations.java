package io.safetyplane.enforcement.ladder;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in configuration: ISO-8601 ({@code PT24H}, {@code P90D}) or a count and unit ({@code 30m 24h 90d 2w}). */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([mhdw])");

    private Durations() {
    }

    /** A positive duration; IllegalArgumentException naming the text otherwise. */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else if (t.startsWith("p")) {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null) {
            throw new IllegalArgumentException("bad duration '" + text + "'; use ISO-8601 (PT24H, P90D) or 30m, 24h, 90d, 2w");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' must be positive");
        }
        return d;
    }

    /** Short form: whole days beyond 48 h ({@code 7d}), else hours ({@code 24h}), minutes ({@code 30m}), else ISO-8601. */
    static String format(Duration d) {
        if (d.toSeconds() % 86_400 == 0 && d.getNano() == 0 && d.toHours() > 48) {
            return d.toDays() + "d";
        }
        if (d.toSeconds() % 3_600 == 0 && d.getNano() == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0 && d.getNano() == 0) {
            return d.toMinutes() + "m";
        }
        return d.toString();
    }
}

package io.safetyplane.enforcement.ladder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Severity of a violation, weakest first. {@link #UNSPECIFIED} is never configured and never sanctions. */
public enum Severity {
    UNSPECIFIED, LOW, MEDIUM, HIGH, CRITICAL;

    /** Id as written in configuration: {@code low} ... {@code critical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at least {@code other}. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    static Optional<Severity> find(String id) {
        return Arrays.stream(values()).filter(s -> s != UNSPECIFIED && s.id().equals(id)).findFirst();
    }

    static String ids() {
        return Arrays.stream(values()).filter(s -> s != UNSPECIFIED).map(Severity::id).toList().toString();
    }
}

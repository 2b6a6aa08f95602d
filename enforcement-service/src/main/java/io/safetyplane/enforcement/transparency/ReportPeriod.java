package io.safetyplane.enforcement.transparency;

import java.time.LocalDate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.safetyplane.service.Failure;

/**
 * The days a transparency report covers, in UTC: from {@code from} (inclusive) up to {@code to} (exclusive), so a
 * calendar year is {@code from=2025-01-01&to=2026-01-01}. At most {@value #MAX_DAYS} days.
 */
public record ReportPeriod(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 366;

    public ReportPeriod {
        if (!from.isBefore(to)) {
            throw invalid("from (" + from + ") must be before to (" + to + ", exclusive)");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw invalid("the period spans " + ChronoUnit.DAYS.between(from, to) + " days; at most " + MAX_DAYS);
        }
    }

    /** The period of the {@code from} and {@code to} query parameters ({@code YYYY-MM-DD}). */
    public static ReportPeriod parse(String from, String to) {
        return new ReportPeriod(date("from", from), date("to", to));
    }

    public Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return to.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The last day the period covers. */
    public LocalDate lastDay() {
        return to.minusDays(1);
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(name + " is not a date (YYYY-MM-DD): " + value);
        }
    }

    private static Failure invalid(String detail) {
        return Failure.invalid("invalid-period", "Invalid period", detail);
    }
}

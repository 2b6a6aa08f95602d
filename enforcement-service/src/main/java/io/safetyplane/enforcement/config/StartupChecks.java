package io.safetyplane.enforcement.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

import io.quarkus.runtime.StartupEvent;
import io.safetyplane.cybertipline.ReportSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Settings the service refuses to start with, each with a message that says which setting and why. */
@ApplicationScoped
public class StartupChecks {

    void check(@Observes StartupEvent start, EnforcementConfig config) {
        check(config);
    }

    static void check(EnforcementConfig config) {
        if (!atLeast(config.appealWindow(), EnforcementConfig.MINIMUM_APPEAL_WINDOW)) {
            throw new IllegalStateException("enforcement-service.appeal-window=" + config.appealWindow() + " is shorter than "
                    + EnforcementConfig.MINIMUM_APPEAL_WINDOW + ": DSA art. 20(1) requires appeals to be accepted for at least six months");
        }
        if (!isPositive(config.appealDecisionDeadline())) {
            throw new IllegalStateException("enforcement-service.appeal-decision-deadline=" + config.appealDecisionDeadline()
                    + " must be positive");
        }
        if (!isPositive(config.appealMetricsInterval())) {
            throw new IllegalStateException("enforcement-service.appeal-metrics-interval=" + config.appealMetricsInterval()
                    + " must be positive");
        }
        checkTipline(config.tipline());
    }

    private static final String TIPLINE = "enforcement-service.tipline.";

    /**
     * The CyberTipline settings: durations and the back-off always; when reporting is enabled also the endpoint, the
     * credentials, the reporting person and the XSD, which must compile.
     */
    static void checkTipline(EnforcementConfig.Tipline t) {
        positive(TIPLINE + "call-timeout", t.callTimeout());
        positive(TIPLINE + "connect-timeout", t.connectTimeout());
        positive(TIPLINE + "backoff-base", t.backoffBase());
        positive(TIPLINE + "dispatch-interval", t.dispatchInterval());
        positive(TIPLINE + "lease", t.lease());
        if (t.backoffCap().compareTo(t.backoffBase()) < 0) {
            throw new IllegalStateException(TIPLINE + "backoff-cap=" + t.backoffCap() + " is shorter than " + TIPLINE + "backoff-base="
                    + t.backoffBase());
        }
        if (!t.enabled()) {
            return;
        }
        URI endpoint;
        try {
            endpoint = URI.create(t.endpoint().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TIPLINE + "endpoint=" + t.endpoint() + " is not a URL: " + e.getMessage());
        }
        if (!endpoint.isAbsolute() || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
                || endpoint.getHost() == null) {
            throw new IllegalStateException(TIPLINE + "endpoint=" + t.endpoint() + " must be an absolute http(s) URL");
        }
        String username = required(TIPLINE + "username", t.username());
        if (username.indexOf(':') >= 0) {
            throw new IllegalStateException(TIPLINE + "username must not contain ':' (HTTP Basic)");
        }
        required(TIPLINE + "password", t.password());
        required(TIPLINE + "reporter.first-name", t.reporter().firstName());
        required(TIPLINE + "reporter.last-name", t.reporter().lastName());
        required(TIPLINE + "reporter.email", t.reporter().email());
        if (t.reporter().espService().isBlank()) {
            throw new IllegalStateException(TIPLINE + "reporter.esp-service must not be blank");
        }
        schema(t);
    }

    /**
     * NCMEC's XSD at {@code enforcement-service.tipline.xsd}, compiled.
     *
     * @throws IllegalStateException naming the setting when it is missing, unreadable or not a schema
     */
    public static ReportSchema schema(EnforcementConfig.Tipline t) {
        String xsd = required(TIPLINE + "xsd", t.xsd());
        try {
            return ReportSchema.load(Path.of(xsd.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TIPLINE + "xsd=" + xsd + ": " + e.getMessage(), e);
        }
    }

    private static String required(String key, Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            throw new IllegalStateException(key + " is required when " + TIPLINE + "enabled=true");
        }
        return value.get();
    }

    private static void positive(String key, Duration d) {
        if (!isPositive(d)) {
            throw new IllegalStateException(key + "=" + d + " must be positive");
        }
    }

    /**
     * Whether {@code window} reaches at least as far as {@code minimum} from every start date. Months differ in length,
     * so periods are compared by adding both to each day of a four-year cycle (which holds every month length and leap day).
     */
    public static boolean atLeast(Period window, Period minimum) {
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (LocalDate d = start; d.isBefore(start.plusYears(4)); d = d.plusDays(1)) {
            if (d.plus(window).isBefore(d.plus(minimum))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}

package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;

import io.quarkus.runtime.StartupEvent;
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

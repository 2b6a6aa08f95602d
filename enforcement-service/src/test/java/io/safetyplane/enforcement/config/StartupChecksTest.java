package io.safetyplane.enforcement.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Period;

import org.junit.jupiter.api.Test;

/** An appeal window shorter than six months (DSA art. 20(1)) keeps the service from starting. */
class StartupChecksTest {

    @Test
    void aWindowMustReachSixMonthsFromEveryStart() {
        Period six = EnforcementConfig.MINIMUM_APPEAL_WINDOW;
        assertTrue(StartupChecks.atLeast(Period.ofMonths(6), six));
        assertTrue(StartupChecks.atLeast(Period.ofYears(1), six));
        assertTrue(StartupChecks.atLeast(Period.ofDays(184), six), "no six months are longer than 184 days");
        assertFalse(StartupChecks.atLeast(Period.ofDays(183), six), "1 July + 183 days falls short of 1 January");
        assertFalse(StartupChecks.atLeast(Period.of(0, 5, 30), six), "five months and 30 days fall short where the sixth month has 31");
        assertFalse(StartupChecks.atLeast(Period.ofMonths(1), six));
    }
}

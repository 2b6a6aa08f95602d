package io.safetyplane.enforcement.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;

import org.junit.jupiter.api.Test;

/**
 * An appeal window shorter than six months (DSA art. 20(1)) keeps the service from starting, and so do CyberTipline
 * settings that cannot work, each with a message naming the setting.
 */
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

    @Test
    void disabledTiplineReportingNeedsNoCredentialsNorXsd() {
        TiplineSettings t = new TiplineSettings();
        t.username = null;
        t.password = null;
        StartupChecks.checkTipline(t);
    }

    @Test
    void enabledTiplineReportingNeedsCredentialsReporterAndAReadableXsd(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TiplineSettings t = new TiplineSettings();
        t.enabled = true;
        t.username = null;
        assertEquals("enforcement-service.tipline.username is required when enforcement-service.tipline.enabled=true", refused(t));
        t.username = "esp:1";
        assertEquals("enforcement-service.tipline.username must not contain ':' (HTTP Basic)", refused(t));
        t.username = "esp";
        t.password = " ";
        assertTrue(refused(t).startsWith("enforcement-service.tipline.password is required"));
        t.password = "secret";
        t.email = null;
        assertTrue(refused(t).startsWith("enforcement-service.tipline.reporter.email is required"));
        t.email = "tipline@example.com";
        assertTrue(refused(t).startsWith("enforcement-service.tipline.xsd is required"));
        t.xsd = dir.resolve("missing.xsd").toString();
        assertTrue(refused(t).startsWith("enforcement-service.tipline.xsd=" + t.xsd + ": CyberTipline XSD not found"), refused(t));
        Path notASchema = Files.writeString(dir.resolve("cyber_tipline.xsd"), "<html>not a schema</html>");
        t.xsd = notASchema.toString();
        assertTrue(refused(t).startsWith("enforcement-service.tipline.xsd=" + t.xsd + ": not a usable CyberTipline XSD"), refused(t));
        t.endpoint = "exttest.cybertip.org/ispws";
        assertEquals("enforcement-service.tipline.endpoint=exttest.cybertip.org/ispws must be an absolute http(s) URL", refused(t));
    }

    @Test
    void theBackOffCapIsNotShorterThanItsBase() {
        TiplineSettings t = new TiplineSettings();
        t.backoffCap = Duration.ofSeconds(30);
        assertEquals("enforcement-service.tipline.backoff-cap=PT30S is shorter than enforcement-service.tipline.backoff-base=PT1M", refused(t));
        t.backoffCap = Duration.ofHours(1);
        t.lease = Duration.ZERO;
        assertEquals("enforcement-service.tipline.lease=PT0S must be positive", refused(t));
    }

    private static String refused(TiplineSettings t) {
        return assertThrows(IllegalStateException.class, () -> StartupChecks.checkTipline(t)).getMessage();
    }
}

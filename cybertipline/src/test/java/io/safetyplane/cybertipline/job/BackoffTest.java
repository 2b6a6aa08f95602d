package io.safetyplane.cybertipline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(10));

    @Test
    void eachAttemptWaitsBetweenHalfAndAllOfADoublingStep() {
        assertEquals(Duration.ofSeconds(30), backoff.delay(1, 0));
        assertEquals(Duration.ofSeconds(45), backoff.delay(1, 0.5));
        assertEquals(Duration.ofMinutes(1), backoff.delay(2, 0));
        assertEquals(Duration.ofMinutes(2), backoff.delay(3, 0));
        assertEquals(Duration.ofMillis(239_999), backoff.delay(3, 0.9999999));
    }

    @Test
    void theStepIsCapped() {
        assertEquals(Duration.ofMinutes(5), backoff.delay(5, 0));
        assertEquals(Duration.ofMinutes(5), backoff.delay(Integer.MAX_VALUE, 0));
        assertEquals(Duration.ofMillis(599_999), backoff.delay(Integer.MAX_VALUE, 0.9999999));
        assertEquals(Duration.ofHours(3), Backoff.DEFAULT.delay(40, 0));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0, 0));
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, 1));
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)));
    }
}

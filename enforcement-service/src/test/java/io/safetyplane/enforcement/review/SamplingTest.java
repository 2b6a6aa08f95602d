package io.safetyplane.enforcement.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void noneAtZeroAndAllAtOne() {
        for (int i = 0; i < 1000; i++) {
            String id = UUID.randomUUID().toString();
            assertFalse(Sampling.drawn(id, 0));
            assertTrue(Sampling.drawn(id, 1));
        }
    }

    @Test
    void drawsAboutTheRateAndTheSameWayEachTime() {
        long drawn = IntStream.range(0, 20_000).filter(i -> Sampling.drawn("decision-" + i, 0.1)).count();
        assertTrue(drawn > 1_700 && drawn < 2_300, "about 10% of 20,000: " + drawn);
        for (int i = 0; i < 100; i++) {
            assertEquals(Sampling.drawn("decision-" + i, 0.1), Sampling.drawn("decision-" + i, 0.1));
        }
        // a larger sample contains a smaller one
        IntStream.range(0, 1000).filter(i -> Sampling.drawn("decision-" + i, 0.05))
                .forEach(i -> assertTrue(Sampling.drawn("decision-" + i, 0.2)));
    }
}

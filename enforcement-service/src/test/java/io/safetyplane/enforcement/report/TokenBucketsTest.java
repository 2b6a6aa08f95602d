package io.safetyplane.enforcement.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aBurstThenOneTokenPerIntervalForEachKey() {
        TokenBuckets buckets = new TokenBuckets(3, 6, clock); // a token every 10 s
        assertEquals(0, buckets.take("a"));
        assertEquals(0, buckets.take("a"));
        assertEquals(0, buckets.take("a"));
        assertEquals(10, buckets.take("a"), "empty: retry after 10 s");
        assertEquals(0, buckets.take("b"), "another key has its own bucket");
        now = now.plus(Duration.ofSeconds(4));
        assertEquals(6, buckets.take("a"));
        now = now.plus(Duration.ofSeconds(6));
        assertEquals(0, buckets.take("a"));
        assertEquals(10, buckets.take("a"));
        now = now.plus(Duration.ofSeconds(25));
        buckets.evictFull();
        assertEquals(1, buckets.size(), "b is full again and forgotten; a is not");
        now = now.plus(Duration.ofMinutes(1));
        buckets.evictFull();
        assertEquals(0, buckets.size());
    }
}

package io.safetyplane.enforcement.report;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in memory, one per key: each holds at most {@code burst} tokens and gains {@code ratePerMinute} a
 * minute; a request takes one. Kept as the generic cell rate algorithm, in whole milliseconds: per key, the time at
 * which its bucket is full again. Full buckets are evicted ({@link #evictFull}), since a new one starts full.
 */
public final class TokenBuckets {
    private final ConcurrentHashMap<String, Long> fullAt = new ConcurrentHashMap<>();
    private final long interval;
    private final long burstWidth;
    private final Clock clock;

    public TokenBuckets(int burst, int ratePerMinute, Clock clock) {
        if (burst < 1 || ratePerMinute < 1) {
            throw new IllegalArgumentException("burst and rate must be at least 1");
        }
        this.interval = Math.max(1, 60_000L / ratePerMinute);
        this.burstWidth = (burst - 1) * interval;
        this.clock = clock;
    }

    /** Takes a token from the key's bucket: 0 when one was there, else the whole seconds until one will be. */
    public long take(String key) {
        long now = clock.millis();
        long[] waitMillis = { 0 };
        fullAt.compute(key, (k, full) -> {
            long at = full == null ? now : Math.max(full, now);
            if (at - now > burstWidth) {
                waitMillis[0] = at - now - burstWidth;
                return full;
            }
            return at + interval;
        });
        return (waitMillis[0] + 999) / 1000;
    }

    /** Forgets the buckets that are full again. */
    public void evictFull() {
        long now = clock.millis();
        fullAt.values().removeIf(full -> full <= now);
    }

    int size() {
        return fullAt.size();
    }
}

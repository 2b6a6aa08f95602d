package io.safetyplane.cybertipline.job;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off with jitter and a cap, for scheduling the next run after {@link JobResult.RetryLater}: attempt
 * {@code n} waits between half and all of {@code min(cap, base × 2^(n-1))}, so retries of many incidents spread out
 * but never come sooner than half the step. Pure: the caller passes the random number.
 */
public record Backoff(Duration base, Duration cap) {
    /** 1 min, 2 min, 4 min, ... up to 6 h. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(1), Duration.ofHours(6));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}.
     *
     * @param attempt the attempts made so far, at least 1
     * @param random uniform in [0, 1), for example {@code ThreadLocalRandom.current().nextDouble()}
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        long capMillis = cap.toMillis();
        long step = base.toMillis();
        for (int i = 1; i < attempt && step < capMillis; i++) {
            step *= 2;
        }
        step = Math.min(step, capMillis);
        return Duration.ofMillis(step / 2 + (long) (random * (step - step / 2)));
    }
}

package io.safetyplane.enforcement.ladder;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A strike against a subject, recorded with each sanction and removed with it when an appeal overturns it.
 *
 * @param category  the category it counts in (strikes climb each category's ladder separately)
 * @param weight    how many strikes it is worth (0 records the violation without climbing the ladder)
 * @param at        when it was given
 * @param expiresAt when it lapses for good; null for never
 */
public record Strike(Category category, int weight, Instant at, Instant expiresAt) {

    public Strike {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(at, "at");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        if (expiresAt != null && !expiresAt.isAfter(at)) {
            throw new IllegalArgumentException("expiresAt must be after at");
        }
    }

    /**
     * True when this strike counts at {@code now} towards {@code category}'s ladder: same category, given within the
     * window ({@code now - window < at <= now}) and not expired ({@code now < expiresAt}).
     */
    public boolean counts(Category category, Instant now, Duration window) {
        return this.category == category
                && !at.isAfter(now)
                && at.isAfter(now.minus(window))
                && (expiresAt == null || now.isBefore(expiresAt));
    }
}

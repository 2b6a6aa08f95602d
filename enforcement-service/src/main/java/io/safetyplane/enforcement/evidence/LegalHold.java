package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold on evidence (a preservation letter, a subpoena, a voluntary extension under §2258A(h)(5)): in force
 * from {@code placedAt} until it is lifted, or until {@code until} when that is set, whichever comes first.
 *
 * @param reference the matter it belongs to (case or request number), unique per record
 * @param placedBy  who placed it (staff member, on whose request)
 * @param until     {@code null}: until lifted
 * @param liftedAt  {@code null} while not lifted
 * @param liftedBy  {@code null} while not lifted
 */
public record LegalHold(String reference, String placedBy, Instant placedAt, Instant until, Instant liftedAt,
        String liftedBy) {

    public LegalHold {
        Preservation.requireText(reference, "reference");
        Preservation.requireText(placedBy, "placedBy");
        Objects.requireNonNull(placedAt, "placedAt");
        if (until != null && !until.isAfter(placedAt)) {
            throw new IllegalArgumentException("legal hold " + reference + " ends at " + until
                    + ", not after it was placed at " + placedAt);
        }
        if ((liftedAt == null) != (liftedBy == null)) {
            throw new IllegalArgumentException("legal hold " + reference + ": liftedAt and liftedBy go together");
        }
        if (liftedAt != null) {
            Preservation.requireText(liftedBy, "liftedBy");
            if (liftedAt.isBefore(placedAt)) {
                throw new IllegalArgumentException("legal hold " + reference + " lifted at " + liftedAt
                        + ", before it was placed at " + placedAt);
            }
        }
    }

    /** A hold in force until lifted. */
    public static LegalHold untilLifted(String reference, String placedBy, Instant placedAt) {
        return new LegalHold(reference, placedBy, placedAt, null, null, null);
    }

    /** A hold in force until {@code until} (or until lifted earlier). */
    public static LegalHold until(String reference, String placedBy, Instant placedAt, Instant until) {
        return new LegalHold(reference, placedBy, placedAt, Objects.requireNonNull(until, "until"), null, null);
    }

    /** Whether the hold is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return !placedAt.isAfter(now) && (end() == null || now.isBefore(end()));
    }

    /** When the hold stops (lifted or reached its date, whichever is first); {@code null} while open-ended. */
    public Instant end() {
        if (liftedAt == null) {
            return until;
        }
        return until == null || liftedAt.isBefore(until) ? liftedAt : until;
    }

    LegalHold lift(String by, Instant at) {
        return new LegalHold(reference, placedBy, placedAt, until, at, by);
    }
}

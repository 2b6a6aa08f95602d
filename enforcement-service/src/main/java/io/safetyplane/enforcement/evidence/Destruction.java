package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * The record of evidence destroyed on a law-enforcement request (18 U.S.C. §2258B(c)); it stays after the bytes are
 * gone.
 *
 * @param requestedBy the requesting agency and officer
 * @param reference   the agency's case or request number
 * @param requestedAt when the request was made
 * @param destroyedBy the staff member who carried it out
 * @param destroyedAt when the ciphertext and wrapped key were deleted
 */
public record Destruction(String requestedBy, String reference, Instant requestedAt, String destroyedBy,
        Instant destroyedAt) {

    public Destruction {
        Preservation.requireText(requestedBy, "requestedBy");
        Preservation.requireText(reference, "reference");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Preservation.requireText(destroyedBy, "destroyedBy");
        Objects.requireNonNull(destroyedAt, "destroyedAt");
        if (destroyedAt.isBefore(requestedAt)) {
            throw new IllegalArgumentException("destroyed at " + destroyedAt + ", before the request of "
                    + requestedAt);
        }
    }
}

package io.safetyplane.enforcement.review;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Draws the random sample of allowed decisions from the event id alone: SHA-256 of the id, read as a number in [0, 1),
 * is below the rate. Uniform over ids, and a redelivered event is drawn the same way.
 */
public final class Sampling {
    private Sampling() {
    }

    /** True when the event with this id falls in a sample of {@code rate} (0 never, 1 always). */
    public static boolean drawn(String eventId, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53 < rate;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}

package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * One piece of evidence: its id, content type, preservation state and, while it is readable, its sealed bytes.
 * Destroying or purging it deletes the ciphertext and wrapped key ({@code sealed} becomes {@code null}) and keeps the
 * rest, the record of the destruction included. Immutable.
 *
 * @param sealed {@code null} exactly when {@link Preservation#readable()} is false
 */
public record EvidenceRecord(String id, String contentType, Preservation preservation, SealedEvidence sealed) {

    public EvidenceRecord {
        Preservation.requireText(id, "id");
        Preservation.requireText(contentType, "contentType");
        Objects.requireNonNull(preservation, "preservation");
        if (preservation.readable() != (sealed != null)) {
            throw new IllegalArgumentException("evidence " + id + (sealed == null
                    ? " has no bytes but is neither destroyed nor purged"
                    : " still has bytes although it was destroyed or purged"));
        }
    }

    /** Seals {@code bytes} for a new record detected at {@code detectedAt}. */
    public static EvidenceRecord preserve(String id, String contentType, byte[] bytes, Instant detectedAt,
            EvidenceCipher cipher) {
        return new EvidenceRecord(id, contentType, Preservation.detected(detectedAt),
                cipher.seal(id, contentType, bytes));
    }

    /**
     * The plaintext bytes. Who may call this (tipline officers only, every read audited) is the service's concern.
     *
     * @throws PreservationException   GONE when destroyed or purged
     * @throws EvidenceCryptoException when the stored bytes do not authenticate
     */
    public byte[] open(EvidenceCipher cipher) {
        preservation.requireReadable();
        return cipher.open(id, contentType, sealed);
    }

    /** A transition that keeps the bytes (report filed, dismissal, legal holds); see {@link #destroy} and {@link #purge}. */
    public EvidenceRecord with(Preservation next) {
        if (!next.readable()) {
            throw new IllegalArgumentException("use destroy or purge to remove the bytes of evidence " + id);
        }
        return new EvidenceRecord(id, contentType, next, sealed);
    }

    /** Destroys the bytes on a law-enforcement request; the record of it stays. */
    public EvidenceRecord destroy(Destruction destruction) {
        return new EvidenceRecord(id, contentType, preservation.destroy(destruction), null);
    }

    /** Purges expired evidence. */
    public EvidenceRecord purge(Instant now) {
        return new EvidenceRecord(id, contentType, preservation.purge(now), null);
    }
}

package io.safetyplane.enforcement.evidence;

import java.util.Objects;

/**
 * Evidence bytes as the vault stores them: the record's data key wrapped under a KEK, the AES-GCM nonce, and the
 * ciphertext with its 16-byte authentication tag appended. Only {@link EvidenceCipher#open} (with the record id and
 * content type it was sealed for) turns it back into bytes. Arrays are copied in and out.
 */
public final class SealedEvidence {

    private final WrappedKey wrappedKey;
    private final byte[] nonce;
    private final byte[] ciphertext;

    public SealedEvidence(WrappedKey wrappedKey, byte[] nonce, byte[] ciphertext) {
        this.wrappedKey = Objects.requireNonNull(wrappedKey, "wrappedKey");
        this.nonce = Objects.requireNonNull(nonce, "nonce").clone();
        this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    public WrappedKey wrappedKey() {
        return wrappedKey;
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    /** Ciphertext followed by the GCM tag. */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public String toString() {
        return "SealedEvidence[" + wrappedKey + ", " + ciphertext.length + " bytes]";
    }
}

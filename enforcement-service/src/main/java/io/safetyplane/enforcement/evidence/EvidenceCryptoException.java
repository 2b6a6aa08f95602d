package io.safetyplane.enforcement.evidence;

import java.util.Objects;

/**
 * Evidence that cannot be sealed or opened. Opening never returns bytes that did not authenticate: a changed
 * ciphertext, nonce, wrapped key, record id or content type ends here with {@link Reason#TAMPERED}.
 */
public final class EvidenceCryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The wrapped key names a KEK that is not configured (removed too early after a rotation?). */
        UNKNOWN_KEK,
        /** Authentication failed: altered bytes, or a ciphertext presented for another record or content type. */
        TAMPERED,
        /** The sealed form is structurally wrong (for example a nonce of the wrong length). */
        MALFORMED,
        /** A remote KMS could not be reached; retry later. */
        UNAVAILABLE
    }

    private final Reason reason;

    public EvidenceCryptoException(Reason reason, String message) {
        this(reason, message, null);
    }

    public EvidenceCryptoException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

package io.safetyplane.enforcement.evidence;

import java.util.Objects;

/** A preservation transition or read that the evidence's state does not allow. */
public final class PreservationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The bytes were destroyed on a law-enforcement request or purged; only the record of it remains. */
        GONE,
        /** The transition conflicts with the current state (still preserved, held, already reported, ...). */
        NOT_ALLOWED
    }

    private final Reason reason;

    public PreservationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

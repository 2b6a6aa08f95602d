package io.safetyplane.filter.engine;

/** A prompt the filter refuses to evaluate, with a machine-readable reason. */
public final class InvalidPromptException extends IllegalArgumentException {

    public enum Reason {
        EMPTY, TOO_LONG, INVALID_UTF8, LONE_SURROGATE, CONTROL_CHARACTER
    }

    private final Reason reason;

    public InvalidPromptException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

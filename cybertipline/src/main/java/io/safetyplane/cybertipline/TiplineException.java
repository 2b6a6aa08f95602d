package io.safetyplane.cybertipline;

/** Why a CyberTipline step did not succeed; {@link #disposition()} says what the caller does next. */
public abstract sealed class TiplineException extends RuntimeException permits TiplineCallException, InvalidReportException {
    private final Operation operation;

    TiplineException(Operation operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    public Operation operation() {
        return operation;
    }

    public abstract Disposition disposition();
}

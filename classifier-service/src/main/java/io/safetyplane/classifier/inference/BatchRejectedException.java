package io.safetyplane.classifier.inference;

/** An item a model's batcher will not take: its queue is full, or the service is shutting down. */
public final class BatchRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        QUEUE_FULL, SHUTTING_DOWN
    }

    private final Reason reason;

    public BatchRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // expected under load; the reason says everything
    }
}

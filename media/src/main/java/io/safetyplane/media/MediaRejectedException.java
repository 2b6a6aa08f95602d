package io.safetyplane.media;

import java.util.Objects;

/**
 * An input that {@link MediaDecoder} or {@link VideoSampler} refuses; {@link #reason()} is machine-readable, the message is
 * specific. {@link VideoRejectedException} refines it for video.
 */
public class MediaRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an input was rejected. */
    public enum Reason { EMPTY, TOO_LARGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, CORRUPT, TIMEOUT }

    private final Reason reason;

    public MediaRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MediaRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

package io.safetyplane.enforcement.evidence;

import io.safetyplane.media.MediaRejectedException;

import java.util.Objects;

/** No preview can be made of the evidence (not a supported image, corrupt, or over the limits): show "no preview". */
public final class PreviewUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final MediaRejectedException.Reason reason;

    PreviewUnavailableException(MediaRejectedException cause) {
        super("no preview: " + cause.getMessage(), cause);
        this.reason = Objects.requireNonNull(cause.reason(), "reason");
    }

    /** The decoder's reason: EMPTY, TOO_LARGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, CORRUPT or TIMEOUT. */
    public MediaRejectedException.Reason reason() {
        return reason;
    }
}

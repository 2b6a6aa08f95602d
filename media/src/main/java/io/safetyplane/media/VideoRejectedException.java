package io.safetyplane.media;

import java.util.Objects;

/** A video that {@link VideoSampler} refuses: {@link #problem()} says precisely why, {@link #reason()} the broad class. */
public final class VideoRejectedException extends MediaRejectedException {

    private static final long serialVersionUID = 1L;

    /** Why a video was refused, each with the broad {@link Reason} it belongs to. */
    public enum Problem {
        /** No bytes. */
        EMPTY(Reason.EMPTY),
        /** More bytes than {@link VideoLimits#maxBytes()}. */
        TOO_LARGE(Reason.TOO_LARGE),
        /** Not an ISO base media file (MP4/MOV), or one that holds an image (HEIF, AVIF). */
        NOT_VIDEO(Reason.UNSUPPORTED_FORMAT),
        /** An ISO base media file this sampler does not read: fragmented MP4 (moof). */
        UNSUPPORTED_CONTAINER(Reason.UNSUPPORTED_FORMAT),
        /** An MP4 without a video track (audio only, or no tracks). */
        NO_VIDEO_TRACK(Reason.UNSUPPORTED_FORMAT),
        /** A video track in another codec than H.264 (avc1/avc3). */
        UNSUPPORTED_CODEC(Reason.UNSUPPORTED_FORMAT),
        /** The declared frame size is over {@link VideoLimits#maxPixels()}. */
        TOO_MANY_PIXELS(Reason.TOO_MANY_PIXELS),
        /** The declared duration is over {@link VideoLimits#maxDuration()}. */
        TOO_LONG(Reason.TOO_LARGE),
        /** The track declares more frames than {@link VideoLimits#maxFrames()}. */
        TOO_MANY_FRAMES(Reason.TOO_LARGE),
        /** Truncated or corrupt: boxes past the end, no movie header, unreadable samples, undecodable frames. */
        CORRUPT(Reason.CORRUPT),
        /** Decoding took longer than {@link VideoLimits#maxDecodeTime()}. */
        TIMEOUT(Reason.TIMEOUT);

        private final Reason reason;

        Problem(Reason reason) {
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final Problem problem;

    public VideoRejectedException(Problem problem, String message) {
        this(problem, message, null);
    }

    public VideoRejectedException(Problem problem, String message, Throwable cause) {
        super(Objects.requireNonNull(problem, "problem").reason(), message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}

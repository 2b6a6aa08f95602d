package io.safetyplane.classifier.service;

import java.util.Map;

import io.safetyplane.classifier.inference.BatchRejectedException;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.media.VideoRejectedException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;

/** The classifier-service's failures, with the problem types its API documents. */
public final class ClassifierFailures {

    private ClassifierFailures() {
    }

    /** The same types as the hash-service's media errors: one decoder, one vocabulary; video has a few of its own. */
    public static Failure media(MediaRejectedException e) {
        if (e instanceof VideoRejectedException v) {
            return video(v);
        }
        return switch (e.reason()) {
            case TOO_LARGE -> new Failure(Kind.TOO_LARGE, "media-too-large", "Media too large", e.getMessage());
            case UNSUPPORTED_FORMAT -> new Failure(Kind.UNSUPPORTED, "unsupported-media", "Unsupported media format", e.getMessage());
            case TOO_MANY_PIXELS -> new Failure(Kind.UNPROCESSABLE, "image-too-many-pixels", "Image has too many pixels",
                    e.getMessage());
            case EMPTY -> new Failure(Kind.INVALID, "empty-media", "Empty media", e.getMessage());
            case TIMEOUT -> new Failure(Kind.UNPROCESSABLE, "decode-timeout", "Image took too long to decode", e.getMessage());
            case CORRUPT -> new Failure(Kind.UNPROCESSABLE, "corrupt-media", "Corrupt media", e.getMessage());
        };
    }

    static Failure video(VideoRejectedException e) {
        return switch (e.problem()) {
            case EMPTY -> new Failure(Kind.INVALID, "empty-media", "Empty media", e.getMessage());
            case TOO_LARGE -> new Failure(Kind.TOO_LARGE, "media-too-large", "Media too large", e.getMessage());
            case NOT_VIDEO, UNSUPPORTED_CONTAINER -> new Failure(Kind.UNSUPPORTED, "unsupported-media", "Unsupported media format",
                    e.getMessage());
            case NO_VIDEO_TRACK -> new Failure(Kind.UNSUPPORTED, "no-video-track", "No video track", e.getMessage());
            case UNSUPPORTED_CODEC -> new Failure(Kind.UNSUPPORTED, "unsupported-video-codec", "Unsupported video codec",
                    e.getMessage());
            case TOO_MANY_PIXELS -> new Failure(Kind.UNPROCESSABLE, "video-too-many-pixels", "Video frames have too many pixels",
                    e.getMessage());
            case TOO_LONG -> new Failure(Kind.UNPROCESSABLE, "video-too-long", "Video too long", e.getMessage());
            case TOO_MANY_FRAMES -> new Failure(Kind.UNPROCESSABLE, "video-too-many-frames", "Video has too many frames",
                    e.getMessage());
            case CORRUPT -> new Failure(Kind.UNPROCESSABLE, "corrupt-media", "Corrupt media", e.getMessage());
            case TIMEOUT -> new Failure(Kind.UNPROCESSABLE, "decode-timeout", "Video took too long to decode", e.getMessage());
        };
    }

    public static Failure missingMedia(String how) {
        return Failure.invalid("missing-media", "Missing media", how);
    }

    public static Failure unknownModel(String requested, java.util.List<String> models) {
        return new Failure(Kind.NOT_FOUND, "unknown-model", "Unknown model",
                "no model is named '" + abbreviate(requested) + "'; models: " + String.join(", ", models)
                        + " (by id, name@version, or a name only one model has)");
    }

    public static Failure invalidStage(String stage) {
        return Failure.invalid("invalid-stage", "Invalid stage",
                "stage '" + abbreviate(stage) + "' is not one of upload, output (prompts go to the filter-service)");
    }

    public static Failure invalidContext(String detail) {
        return Failure.invalid("invalid-context", "Invalid request context", detail);
    }

    /**
     * A refused item as a failure: {@link Kind#TOO_MANY_REQUESTS} for a full queue (REST 429, gRPC {@code RESOURCE_EXHAUSTED},
     * both with the retry delay), {@link Kind#UNAVAILABLE} while shutting down (503, {@code UNAVAILABLE}).
     */
    public static Failure rejected(BatchRejectedException e, int retryAfterSeconds) {
        return switch (e.reason()) {
            case QUEUE_FULL -> Failure.tooManyRequests("queue-full", "Classifier queue full", e.getMessage(),
                    Map.of("retryAfterSeconds", retryAfterSeconds), retryAfterSeconds);
            case SHUTTING_DOWN -> new Failure(Kind.UNAVAILABLE, "shutting-down", "Shutting down", e.getMessage(),
                    Map.of("retryAfterSeconds", retryAfterSeconds), retryAfterSeconds);
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "…";
    }
}

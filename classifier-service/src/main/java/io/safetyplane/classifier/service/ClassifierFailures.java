package io.safetyplane.classifier.service;

import java.util.Map;

import io.safetyplane.classifier.inference.BatchRejectedException;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;

/** The classifier-service's failures, with the problem types its API documents. */
public final class ClassifierFailures {

    private ClassifierFailures() {
    }

    /** The same types as the hash-service's media errors: one decoder, one vocabulary. */
    public static Failure media(MediaRejectedException e) {
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
     * A refused item as a failure: gRPC {@code RESOURCE_EXHAUSTED} for a full queue ({@link Kind#TOO_LARGE} maps there; REST
     * answers 429 through its own mapper of {@link BatchRejectedException}), {@code UNAVAILABLE} while shutting down.
     */
    public static Failure rejected(BatchRejectedException e, int retryAfterSeconds) {
        return switch (e.reason()) {
            case QUEUE_FULL -> new Failure(Kind.TOO_LARGE, "queue-full", "Classifier queue full", e.getMessage(),
                    Map.of("retryAfterSeconds", retryAfterSeconds), retryAfterSeconds);
            case SHUTTING_DOWN -> new Failure(Kind.UNAVAILABLE, "shutting-down", "Shutting down", e.getMessage(),
                    Map.of("retryAfterSeconds", retryAfterSeconds), retryAfterSeconds);
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "…";
    }
}

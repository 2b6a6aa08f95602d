package io.safetyplane.provenance.service;

import io.safetyplane.c2pa.asset.AssetException;
import io.safetyplane.service.Failure;

/** The provenance-service's failures, each with its stable type. */
public final class ProvenanceFailures {
    private ProvenanceFailures() {
    }

    public static Failure emptyMedia() {
        return new Failure(Failure.Kind.INVALID, "empty-media", "Empty media", "the request carries no media bytes");
    }

    public static Failure tooLarge(long bytes, long limit) {
        return new Failure(Failure.Kind.TOO_LARGE, "media-too-large", "Media too large",
                "the media has " + bytes + " bytes, the limit is " + limit);
    }

    public static Failure unsupported(String detail) {
        return new Failure(Failure.Kind.UNSUPPORTED, "unsupported-media", "Unsupported media",
                detail + "; supported: JPEG, PNG, WebP, WAV, MP3 and MP4");
    }

    public static Failure contentTypeMismatch(String declared, String actual) {
        return new Failure(Failure.Kind.UNSUPPORTED, "content-type-mismatch", "Content type does not match the media",
                "declared " + declared + ", but the bytes are " + actual);
    }

    public static Failure asset(AssetException e) {
        return e.kind() == AssetException.Kind.UNSUPPORTED ? unsupported(e.getMessage())
                : new Failure(Failure.Kind.UNPROCESSABLE, "corrupt-media", "Corrupt media", e.getMessage());
    }

    public static Failure manifestPresent(String detail) {
        return new Failure(Failure.Kind.CONFLICT, "manifest-present", "The media already carries Content Credentials", detail);
    }

    public static Failure generatorRequired() {
        return new Failure(Failure.Kind.INVALID, "generator-required", "Generator required",
                "name the model that generated the media (generator.model; REST: the model query parameter)");
    }

    public static Failure timestampUnavailable(String detail) {
        return new Failure(Failure.Kind.UNAVAILABLE, "timestamp-unavailable", "Timestamp authority unavailable",
                "the claim could not be timestamped (" + detail + "); nothing was signed, retry later");
    }

    public static Failure busy(int limit) {
        return new Failure(Failure.Kind.UNAVAILABLE, "busy", "Busy", limit + " signings or verifications are running; retry shortly");
    }

    public static Failure classifierUnavailable(String detail) {
        return new Failure(Failure.Kind.UNAVAILABLE, "classifier-unavailable", "Classifier unavailable",
                "the output could not be classified (" + detail + "), so it is neither signed nor released: the gate fails closed");
    }
}

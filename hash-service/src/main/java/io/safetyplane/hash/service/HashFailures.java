package io.safetyplane.hash.service;

import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;

/** The hash-service's failures, with the problem types its API documents. */
public final class HashFailures {

    private HashFailures() {
    }

    public static Failure unknownBank(String name) {
        return new Failure(Kind.NOT_FOUND, "unknown-bank", "Unknown bank", "no bank is named '" + name + "'");
    }

    public static Failure media(MediaRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> new Failure(Kind.TOO_LARGE, "media-too-large", "Media too large", e.getMessage());
            case UNSUPPORTED_FORMAT -> new Failure(Kind.UNSUPPORTED, "unsupported-media",
                    "Unsupported media format", e.getMessage());
            case TOO_MANY_PIXELS -> new Failure(Kind.UNPROCESSABLE, "image-too-many-pixels", "Image has too many pixels",
                    e.getMessage());
            case EMPTY -> new Failure(Kind.INVALID, "empty-media", "Empty media", e.getMessage());
            case TIMEOUT -> new Failure(Kind.UNPROCESSABLE, "decode-timeout", "Image took too long to decode", e.getMessage());
            case CORRUPT -> new Failure(Kind.UNPROCESSABLE, "corrupt-media", "Corrupt media", e.getMessage());
        };
    }
}

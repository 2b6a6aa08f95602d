package io.safetyplane.hash.service;

import java.util.Map;

import io.safetyplane.media.MediaRejectedException;

/**
 * A request this service will not serve, with a stable machine-readable {@code type} (the same
 * words in REST problem types and gRPC status descriptions) and a human-readable detail.
 */
public final class Failure extends RuntimeException {

    /** How the failure maps onto HTTP and gRPC. */
    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413), UNSUPPORTED(415), UNPROCESSABLE(422), UNAVAILABLE(503);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;

    public Failure(Kind kind, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public Failure(Kind kind, String type, String title, String detail) {
        this(kind, type, title, detail, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static Failure unknownBank(String name) {
        return new Failure(Kind.NOT_FOUND, "unknown-bank", "Unknown bank", "no bank is named '" + name + "'");
    }

    public static Failure invalid(String type, String title, String detail) {
        return new Failure(Kind.INVALID, type, title, detail);
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

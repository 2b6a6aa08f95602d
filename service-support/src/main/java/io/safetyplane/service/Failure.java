package io.safetyplane.service;

import java.util.Map;

/**
 * A request a service will not serve, with a stable machine-readable {@code type} (the same words
 * in REST problem types, {@code urn:safety-plane:problem:<type>}, and at the start of gRPC status
 * descriptions) and a human-readable detail.
 */
public final class Failure extends RuntimeException {

    /** How the failure maps onto HTTP and gRPC. */
    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409), PRECONDITION_FAILED(412), TOO_LARGE(413), UNSUPPORTED(415),
        UNPROCESSABLE(422),
        /** Overload that the caller should retry after a pause: HTTP 429 with Retry-After, gRPC RESOURCE_EXHAUSTED. */
        TOO_MANY_REQUESTS(429),
        UNAVAILABLE(503);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;
    private final int retryAfterSeconds;

    public Failure(Kind kind, String type, String title, String detail, Map<String, Object> extensions, int retryAfterSeconds) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Failure(Kind kind, String type, String title, String detail, Map<String, Object> extensions) {
        this(kind, type, title, detail, extensions, 1);
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

    /** Further members of the problem, for example {@code errors}. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** For {@link Kind#UNAVAILABLE} and {@link Kind#TOO_MANY_REQUESTS}: when the caller should try again (Retry-After). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A {@link Kind#TOO_MANY_REQUESTS} failure, retryable after {@code retryAfterSeconds}. */
    public static Failure tooManyRequests(String type, String title, String detail, Map<String, Object> extensions,
            int retryAfterSeconds) {
        return new Failure(Kind.TOO_MANY_REQUESTS, type, title, detail, extensions, retryAfterSeconds);
    }

    public static Failure invalid(String type, String title, String detail) {
        return new Failure(Kind.INVALID, type, title, detail);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, raised on hot paths; the type and detail say everything
    }
}

package io.safetyplane.c2pa.cose;

/** A time stamp could not be obtained: the TSA was unreachable, answered with an error or rejected the request. */
public class TimestampException extends Exception {
    private static final long serialVersionUID = 1L;

    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.safetyplane.hash.signal;

/** A hash that is not a valid value of its signal type; the message says why. */
public final class InvalidHashException extends Exception {
    public InvalidHashException(String message) {
        super(message);
    }
}

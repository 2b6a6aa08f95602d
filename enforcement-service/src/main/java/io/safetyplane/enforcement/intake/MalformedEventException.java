package io.safetyplane.enforcement.intake;

/** A Kafka record that is not the event its topic carries; it goes to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message, null, false, false);
    }
}

package io.safetyplane.cybertipline.job;

/** Another run saved the incident's record first: this run stops, and the other one's record stands. */
public final class JournalConflictException extends RuntimeException {
    public JournalConflictException(String incidentId, long expectedVersion, long storedVersion) {
        super("report journal of incident " + incidentId + " is at version " + storedVersion + ", this run expected "
                + expectedVersion + ": another run advanced it");
    }
}

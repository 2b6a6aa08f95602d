package io.safetyplane.cybertipline.job;

import java.util.Optional;

/**
 * Durable progress of each incident's report, one row per incident. The service implements it with PostgreSQL: each
 * {@link #save} is its own committed transaction, a compare-and-set on {@link ReportRecord#version()}
 * ({@code UPDATE ... WHERE incident_id = ? AND version = ?}, or an insert for version 1), so that two runs of one
 * incident cannot both advance it. {@link ReportJob} saves after every remote step and before the next one.
 */
public interface ReportJournal {

    /** The incident's record, or empty when it was never saved. */
    Optional<ReportRecord> find(String incidentId);

    /**
     * Stores {@code next} durably before returning.
     *
     * @throws JournalConflictException when the stored version is not {@code next.version() - 1} (another run
     *         advanced the incident, or it was never stored and {@code next.version()} is not 1)
     */
    void save(ReportRecord next);
}

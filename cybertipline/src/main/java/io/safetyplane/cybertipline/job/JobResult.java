package io.safetyplane.cybertipline.job;

/** How a {@link ReportJob} run ended; {@link #record()} is what the journal holds now. */
public sealed interface JobResult {

    ReportRecord record();

    /** The report is filed as {@code record().reportId()}; nothing more to do. */
    record Finished(ReportRecord record) implements JobResult {
    }

    /**
     * A transient failure: run again after {@link Backoff#delay} for {@code record().attempts()}. {@code reason} is
     * also the record's {@code lastError}.
     */
    record RetryLater(ReportRecord record, String reason) implements JobResult {
    }

    /** Waiting for a person ({@code record().hold()}); runs do nothing until {@link ReportJob#release}. */
    record Held(ReportRecord record) implements JobResult {
    }

    /** Abandoned unfiled with {@link ReportJob#retract}. */
    record Retracted(ReportRecord record) implements JobResult {
    }
}

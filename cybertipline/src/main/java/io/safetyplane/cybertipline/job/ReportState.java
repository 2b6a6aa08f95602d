package io.safetyplane.cybertipline.job;

/** Where an incident's report stands, as the {@link ReportJournal} records it. */
public enum ReportState {
    /** Nothing open at NCMEC that the journal knows of: the next run starts with {@code /submit}. */
    PENDING,
    /** {@code /submit} answered a {@code reportId}; files are being uploaded and described. */
    SUBMITTED,
    /** {@code /finish} (or a {@code /retract} answered 5102) says the report is filed. Final. */
    FINISHED,
    /** Waiting for a person: the payload needs fixing, or an operator must act ({@link Hold#alert()}). */
    HELD,
    /** Abandoned before filing with {@link ReportJob#retract(String)}. Final. */
    RETRACTED
}

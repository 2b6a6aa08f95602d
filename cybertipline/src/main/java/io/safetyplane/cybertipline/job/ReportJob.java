package io.safetyplane.cybertipline.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import io.safetyplane.cybertipline.Disposition;
import io.safetyplane.cybertipline.InvalidReportException;
import io.safetyplane.cybertipline.ReportSchema;
import io.safetyplane.cybertipline.SchemaError;
import io.safetyplane.cybertipline.TiplineClient;
import io.safetyplane.cybertipline.TiplineException;

/**
 * Files one incident's CyberTipline report exactly once: {@code /submit}, then {@code /upload} and {@code /fileinfo}
 * per file, then {@code /finish}, in one run (NCMEC deletes reports left unfinished), saving the
 * {@link ReportJournal} after every call and before the next.
 *
 * <p>Recovery rule: a run that finds a stored {@code reportId} not known to be filed (the previous run crashed, or
 * stopped to retry) calls {@code /retract} on it before anything else. 5102 means it was filed: the incident is
 * FINISHED with that id. Retracted now (0), earlier (5101) or gone (5001) means it can never be filed: the run starts
 * again with a new {@code /submit}. So {@code /submit} is never sent twice while an earlier report of the incident
 * might still be filed, and a crash anywhere ends, after a restart, in one filed report.
 *
 * <p>Runs of one incident must not overlap; the journal's version check stops the later one if they do.
 */
public final class ReportJob {
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** New reports a run opens after the open one expired or vanished, before it leaves the rest to a later run. */
    static final int MAX_RESTARTS_PER_RUN = 1;

    private final TiplineClient client;
    private final ReportSchema schema;
    private final ReportJournal journal;
    private final Clock clock;
    private final int maxAttempts;

    /**
     * @param maxAttempts runs that may end in {@link JobResult.RetryLater} before the incident is held with an alert
     */
    public ReportJob(TiplineClient client, ReportSchema schema, ReportJournal journal, Clock clock, int maxAttempts) {
        this.client = Objects.requireNonNull(client, "client");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * Drives the incident's report as far as it goes now: to FINISHED, or to a retry later, or to a hold. A finished,
     * held or retracted incident is returned as it is, without calling NCMEC.
     *
     * @throws JournalConflictException when another run of the incident saved first
     */
    public JobResult run(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        ReportRecord stored = journal.find(incident.incidentId()).orElseGet(() -> ReportRecord.pending(incident.incidentId(), now()));
        return switch (stored.state()) {
            case FINISHED, HELD, RETRACTED -> settled(stored);
            case PENDING, SUBMITTED -> {
                Run run = new Run(stored);
                run.save(stored.attempted(now()));
                yield run.drive(incident);
            }
        };
    }

    /**
     * Abandons the incident's report before it is filed: retracts the open report, if any, and records RETRACTED.
     * Returns {@link JobResult.Finished} instead when NCMEC answers that the report was already filed.
     *
     * @throws NoSuchElementException when the journal has no record of the incident
     * @throws IllegalStateException when the report is already filed
     * @throws TiplineException when {@code /retract} fails (nothing changes; try again)
     */
    public JobResult retract(String incidentId) {
        ReportRecord stored = find(incidentId);
        if (stored.state() == ReportState.FINISHED) {
            throw new IllegalStateException("incident " + incidentId + " was filed as report " + stored.reportId()
                    + "; a filed report cannot be retracted");
        }
        if (stored.state() == ReportState.RETRACTED) {
            return new JobResult.Retracted(stored);
        }
        Run run = new Run(stored);
        if (stored.reportId() != null && run.retractStored()) {
            return new JobResult.Finished(run.record);
        }
        run.save(run.record.retracted(now()));
        return new JobResult.Retracted(run.record);
    }

    /**
     * A person dealt with a hold (fixed the payload or the credentials): the next {@link #run} starts afresh, with
     * the attempt count reset, after retracting any report the held run left open.
     *
     * @throws NoSuchElementException when the journal has no record of the incident
     * @throws IllegalStateException when the incident is not held
     */
    public ReportRecord release(String incidentId) {
        ReportRecord stored = find(incidentId);
        if (stored.state() != ReportState.HELD) {
            throw new IllegalStateException("incident " + incidentId + " is " + stored.state() + ", not HELD");
        }
        ReportRecord released = stored.released(now());
        journal.save(released);
        return released;
    }

    private ReportRecord find(String incidentId) {
        Objects.requireNonNull(incidentId, "incidentId");
        return journal.find(incidentId).orElseThrow(() -> new NoSuchElementException("no report journal for incident " + incidentId));
    }

    private static JobResult settled(ReportRecord record) {
        return switch (record.state()) {
            case FINISHED -> new JobResult.Finished(record);
            case HELD -> new JobResult.Held(record);
            case RETRACTED -> new JobResult.Retracted(record);
            case PENDING, SUBMITTED -> throw new IllegalStateException(record.state() + " is not settled");
        };
    }

    private Instant now() {
        return clock.instant();
    }

    /** One run: the record as last saved, saved before every next call. */
    private final class Run {
        ReportRecord record;

        Run(ReportRecord record) {
            this.record = record;
        }

        void save(ReportRecord next) {
            journal.save(next);
            record = next;
        }

        JobResult drive(Incident incident) {
            List<SchemaError> invalid = check(incident);
            if (!invalid.isEmpty()) {
                return hold(new Hold("the report or a file's details fail the XSD; nothing was sent", invalid, false));
            }
            for (int restarts = 0;; restarts++) {
                String restartReason;
                try {
                    if (record.reportId() != null && retractStored()) {
                        return new JobResult.Finished(record);
                    }
                    return file(incident);
                } catch (TiplineException e) {
                    if (e.disposition() != Disposition.RESTART_FROM_SUBMIT && e.disposition() != Disposition.ALREADY_RETRACTED) {
                        return handle(e);
                    }
                    restartReason = e.getMessage();
                } catch (UploadCorrupted e) {
                    restartReason = e.getMessage();
                }
                if (restarts >= MAX_RESTARTS_PER_RUN) {
                    return retryLater(restartReason);
                }
                // the next pass retracts the open report, if it still exists, and submits a new one
                save(record.failed(restartReason, now()));
            }
        }

        /** Every XSD error of the report and of the files' details, with stand-in ids, before anything is sent. */
        private List<SchemaError> check(Incident incident) {
            List<SchemaError> errors = new ArrayList<>(schema.check(incident.report()).errors());
            for (ReportFile f : incident.files()) {
                errors.addAll(schema.check(f.facts().details(ReportFile.PLACEHOLDER_REPORT_ID, ReportFile.PLACEHOLDER_FILE_ID, f.fileName()))
                        .errors());
            }
            return errors;
        }

        /** The recovery rule: true when the stored report was filed, false when it is gone and the record PENDING. */
        boolean retractStored() {
            long reportId = record.reportId();
            try {
                if (client.retract(reportId).state() == TiplineClient.Retracted.State.ALREADY_FINISHED) {
                    save(record.finished(reportId, now()));
                    return true;
                }
            } catch (TiplineException e) {
                if (e.disposition() != Disposition.RESTART_FROM_SUBMIT) {
                    throw e;
                }
                // 5001: deleted unfinished, as good as retracted
            }
            save(record.abandoned(now()));
            return false;
        }

        private JobResult file(Incident incident) {
            long reportId = client.submit(incident.report()).reportId();
            save(record.submitted(reportId, now()));
            for (ReportFile f : incident.files()) {
                TiplineClient.Uploaded uploaded = client.upload(reportId, f.fileName(), f.content().get());
                if (!uploaded.md5Matches()) {
                    throw new UploadCorrupted(reportId, f.fileName(), uploaded.md5());
                }
                save(record.uploaded(f.fileName(), uploaded.fileId(), now()));
                client.fileInfo(f.facts().details(reportId, uploaded.fileId(), f.fileName()));
                save(record.fileInfoSent(f.fileName(), now()));
            }
            client.finish(reportId);
            save(record.finished(reportId, now()));
            return new JobResult.Finished(record);
        }

        private JobResult handle(TiplineException e) {
            return switch (e.disposition()) {
                case RETRY -> retryLater(e.getMessage());
                case FIX_PAYLOAD -> hold(new Hold(e.getMessage(), e instanceof InvalidReportException invalid ? invalid.errors() : List.of(), false));
                case ALREADY_FINISHED -> hold(new Hold("report " + record.reportId() + " was filed before all its files were sent: "
                        + e.getMessage(), List.of(), true));
                default -> hold(new Hold(e.getMessage(), List.of(), true));
            };
        }

        private JobResult retryLater(String reason) {
            if (record.attempts() >= maxAttempts) {
                return hold(new Hold("gave up after " + record.attempts() + " attempts: " + reason, List.of(), true));
            }
            save(record.failed(reason, now()));
            return new JobResult.RetryLater(record, reason);
        }

        private JobResult hold(Hold why) {
            save(record.held(why, now()));
            return new JobResult.Held(record);
        }
    }

    /** NCMEC's MD5 of an upload differs from the bytes sent: the report holds a damaged file and is started again. */
    private static final class UploadCorrupted extends RuntimeException {
        UploadCorrupted(long reportId, String fileName, String ncmecMd5) {
            super("upload of " + fileName + " to report " + reportId + " arrived damaged (NCMEC's MD5 " + ncmecMd5 + ")");
        }
    }
}

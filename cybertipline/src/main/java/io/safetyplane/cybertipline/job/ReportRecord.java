package io.safetyplane.cybertipline.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal's row for one incident's report. Each transition returns the next record with {@link #version()} one
 * higher; {@link ReportJournal#save} stores it only over the version it came from.
 *
 * @param incidentId the incident (primary key)
 * @param state where the report stands
 * @param reportId the open or filed report's id from {@code /submit}; null while none is known
 * @param files the files of the open report, in the incident's order; empty before the first upload
 * @param finishedAt when the job learned that the report was filed (the one-year preservation runs from then); null
 *        unless {@link ReportState#FINISHED}
 * @param hold why the report waits for a person; null unless {@link ReportState#HELD}
 * @param abandonedReportIds earlier report ids of this incident that were retracted or had expired unfinished, for
 *        audit and for quoting to NCMEC
 * @param attempts runs started since the incident was queued or released from a hold
 * @param lastError the last failure, or null
 * @param updatedAt when this record was written
 * @param version 0 for a record never stored, then 1, 2, ...
 */
public record ReportRecord(String incidentId, ReportState state, Long reportId, List<FileProgress> files, Instant finishedAt, Hold hold,
        List<Long> abandonedReportIds, int attempts, String lastError, Instant updatedAt, long version) {

    public ReportRecord {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(state, "state");
        files = List.copyOf(files);
        abandonedReportIds = List.copyOf(abandonedReportIds);
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((state == ReportState.SUBMITTED || state == ReportState.FINISHED) && reportId == null) {
            throw new IllegalArgumentException(state + " needs a reportId");
        }
        if ((state == ReportState.FINISHED) != (finishedAt != null)) {
            throw new IllegalArgumentException("finishedAt is set exactly when the state is FINISHED");
        }
        if ((state == ReportState.HELD) != (hold != null)) {
            throw new IllegalArgumentException("hold is set exactly when the state is HELD");
        }
    }

    /** A new incident's record, not stored yet. */
    public static ReportRecord pending(String incidentId, Instant now) {
        return new ReportRecord(incidentId, ReportState.PENDING, null, List.of(), null, null, List.of(), 0, null, now, 0);
    }

    /** The progress of {@code fileName} in the open report. */
    public Optional<FileProgress> file(String fileName) {
        return files.stream().filter(f -> f.fileName().equals(fileName)).findFirst();
    }

    /** Whether the state can change no more. */
    public boolean done() {
        return state == ReportState.FINISHED || state == ReportState.RETRACTED;
    }

    ReportRecord attempted(Instant now) {
        return new ReportRecord(incidentId, state, reportId, files, finishedAt, hold, abandonedReportIds, attempts + 1, lastError, now, version + 1);
    }

    ReportRecord submitted(long newReportId, Instant now) {
        return new ReportRecord(incidentId, ReportState.SUBMITTED, newReportId, List.of(), null, null, abandonedReportIds, attempts, lastError,
                now, version + 1);
    }

    ReportRecord uploaded(String fileName, String fileId, Instant now) {
        return withFile(new FileProgress(fileName, fileId, FileProgress.State.UPLOADED), now);
    }

    ReportRecord fileInfoSent(String fileName, Instant now) {
        FileProgress f = file(fileName).orElseThrow(() -> new IllegalStateException(fileName + " was not uploaded"));
        return withFile(new FileProgress(fileName, f.fileId(), FileProgress.State.FILE_INFO_SENT), now);
    }

    private ReportRecord withFile(FileProgress progress, Instant now) {
        List<FileProgress> next = new ArrayList<>(files);
        next.removeIf(f -> f.fileName().equals(progress.fileName()));
        next.add(progress);
        return new ReportRecord(incidentId, state, reportId, next, finishedAt, hold, abandonedReportIds, attempts, lastError, now, version + 1);
    }

    /** Filed as {@code filedReportId} (the open report, or a stale one that {@code /retract} found filed). */
    ReportRecord finished(long filedReportId, Instant now) {
        return new ReportRecord(incidentId, ReportState.FINISHED, filedReportId, files, now, null, abandonedReportIds, attempts, lastError, now,
                version + 1);
    }

    /** The stored report is gone (retracted or expired): back to PENDING, its id kept among the abandoned. */
    ReportRecord abandoned(Instant now) {
        List<Long> ids = new ArrayList<>(abandonedReportIds);
        if (reportId != null) {
            ids.add(reportId);
        }
        ReportState next = state == ReportState.SUBMITTED ? ReportState.PENDING : state;
        return new ReportRecord(incidentId, next, null, List.of(), null, hold, ids, attempts, lastError, now, version + 1);
    }

    ReportRecord held(Hold why, Instant now) {
        return new ReportRecord(incidentId, ReportState.HELD, reportId, files, null, why, abandonedReportIds, attempts, why.reason(), now,
                version + 1);
    }

    ReportRecord failed(String error, Instant now) {
        return new ReportRecord(incidentId, state, reportId, files, finishedAt, hold, abandonedReportIds, attempts, error, now, version + 1);
    }

    /** A person dealt with the hold: the next run starts afresh (retracting the stored report first, if any). */
    ReportRecord released(Instant now) {
        ReportState next = reportId == null ? ReportState.PENDING : ReportState.SUBMITTED;
        return new ReportRecord(incidentId, next, reportId, files, null, null, abandonedReportIds, 0, lastError, now, version + 1);
    }

    ReportRecord retracted(Instant now) {
        ReportRecord gone = abandoned(now);
        return new ReportRecord(incidentId, ReportState.RETRACTED, null, List.of(), null, null, gone.abandonedReportIds, attempts, lastError, now,
                version + 1);
    }
}

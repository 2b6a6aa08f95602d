package io.safetyplane.enforcement.tipline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.safetyplane.cybertipline.job.Hold;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;

/**
 * The journal transitions the service makes itself, outside a {@code ReportJob} run: a report that cannot be built
 * is held, a run that broke off records its error, and (with reporting disabled, when there is no job) a person
 * releases or retracts a report. Each is the next version of the record, as {@code ReportRecord}'s own transitions.
 */
final class ReportRecords {
    private ReportRecords() {
    }

    static ReportRecord held(ReportRecord r, Hold why, Instant now) {
        return new ReportRecord(r.incidentId(), ReportState.HELD, r.reportId(), r.files(), null, why, r.abandonedReportIds(), r.attempts(),
                why.reason(), now, r.version() + 1);
    }

    static ReportRecord failed(ReportRecord r, String error, Instant now) {
        return new ReportRecord(r.incidentId(), r.state(), r.reportId(), r.files(), r.finishedAt(), r.hold(), r.abandonedReportIds(),
                r.attempts(), error, now, r.version() + 1);
    }

    /** As {@code ReportJob.release}: the next run starts afresh, retracting the stored report first, if any. */
    static ReportRecord released(ReportRecord r, Instant now) {
        ReportState next = r.reportId() == null ? ReportState.PENDING : ReportState.SUBMITTED;
        return new ReportRecord(r.incidentId(), next, r.reportId(), r.files(), null, null, r.abandonedReportIds(), 0, r.lastError(), now,
                r.version() + 1);
    }

    /** As {@code ReportJob.retract} for a report never opened at NCMEC (no report id): nothing to call. */
    static ReportRecord retracted(ReportRecord r, Instant now) {
        if (r.reportId() != null) {
            throw new IllegalStateException("report " + r.reportId() + " is open at NCMEC; only the report job can retract it");
        }
        return new ReportRecord(r.incidentId(), ReportState.RETRACTED, null, List.of(), null, null, new ArrayList<>(r.abandonedReportIds()),
                r.attempts(), r.lastError(), now, r.version() + 1);
    }
}

package io.safetyplane.enforcement.tipline;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.cybertipline.TiplineException;
import io.safetyplane.cybertipline.job.JobResult;
import io.safetyplane.cybertipline.job.ReportJob;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * What tipline officers do with the report queue: list and read reports, send a held one again (after fixing its cause)
 * or a waiting one now, and retract one before it is filed. Retry and retract are blocking (they may call NCMEC):
 * call them on a worker thread. Each takes the report's lease first, so that it never races a dispatcher run
 * ({@code 409 tipline-report-busy} while one runs), and is audited in the transaction that changes the report.
 */
@ApplicationScoped
public class ReportDesk {
    public static final int MAX_REASON = 2000;
    private static final String TAKE = "update tipline_reports set lease_until = now() + $2 * interval '1 millisecond' where id = $1 "
            + "and (lease_until is null or lease_until < now()) returning id";
    private static final String RELEASE = "update tipline_reports set lease_until = null where id = $1";

    private final Pool pool;
    private final PgReportJournal journal;
    private final EvidenceVault vault;
    private final AuditLog audit;
    private final Instance<ReportJob> jobs;
    private final EnforcementConfig.Tipline config;
    private final Clock clock;

    public ReportDesk(Pool pool, PgReportJournal journal, EvidenceVault vault, AuditLog audit, Instance<ReportJob> jobs,
            EnforcementConfig config, Clock clock) {
        this.pool = pool;
        this.journal = journal;
        this.vault = vault;
        this.audit = audit;
        this.jobs = jobs;
        this.config = config.tipline();
        this.clock = clock;
    }

    /** One report with its evidence. */
    public record Report(TiplineReportEntity row, ReportRecord record, List<EvidenceEntity> evidence) {
    }

    /** Reports in {@code state} (all when null), newest first; in the caller's session. */
    public Uni<List<TiplineReportEntity>> list(ReportState state, int limit, int offset) {
        var query = state == null ? TiplineReportEntity.<TiplineReportEntity>find("order by createdAt desc, id")
                : TiplineReportEntity.<TiplineReportEntity>find("state = ?1 order by createdAt desc, id", state.name());
        return query.range(offset, offset + limit - 1).list();
    }

    /** One report and its evidence; in the caller's session. */
    public Uni<Report> get(UUID id) {
        return TiplineReportEntity.<TiplineReportEntity>findById(id).flatMap(r -> {
            if (r == null) {
                return Uni.createFrom().failure(unknown(id));
            }
            return vault.filesOf(id).map(files -> new Report(r, PgReportJournal.record(r), files));
        });
    }

    /**
     * A held report is released (the next run starts afresh) and due now; a waiting one is due now.
     *
     * @throws Failure 404 unknown, 409 {@code tipline-report-final} when filed or retracted, 409 busy while a run has it
     */
    public ReportState retry(UUID id, AuditEntry.Actor by) {
        return leased(id, () -> {
            ReportRecord r = stored(id);
            switch (r.state()) {
                case FINISHED, RETRACTED -> throw new Failure(Failure.Kind.CONFLICT, "tipline-report-final", "Report is final",
                        "tipline report " + id + " is " + r.state() + "; only a pending, submitted or held report can be retried");
                case HELD -> {
                    // released, due now and audited in one transaction
                    String reason = "released from its hold (" + PgReportJournal.clip(r.hold().reason()) + "); due now";
                    journal.alongside(next -> true, (row, next) -> {
                        row.nextAttemptAt = clock.instant();
                        return audit.append(by, "tipline.report.released", subject(id), reason, Map.of("from", r.state().name()));
                    }, () -> {
                        if (config.enabled()) {
                            jobs.get().release(id.toString());
                        } else {
                            journal.save(ReportRecords.released(r, clock.instant()));
                        }
                        return null;
                    });
                }
                default -> Blocking.await(() -> Panache.withTransaction(() -> TiplineReportEntity
                        .update("nextAttemptAt = ?1 where id = ?2", clock.instant(), id)
                        .flatMap(n -> audit.append(by, "tipline.report.retried", subject(id), "due now", Map.of("from", r.state().name())))));
            }
            return stored(id).state();
        });
    }

    /**
     * Abandons a report before it is filed: retracts it at NCMEC when it is open there, records it RETRACTED and
     * dismisses its evidence ({@link EvidenceVault#dismissReport}).
     *
     * @throws Failure 404 unknown, 409 {@code tipline-report-filed} when filed (NCMEC may say so only now), 503 when
     *         NCMEC did not answer the retraction or reporting is disabled while the report is open at NCMEC
     */
    public ReportState retract(UUID id, AuditEntry.Actor by, String reason) {
        return leased(id, () -> {
            ReportRecord r = stored(id);
            if (r.state() == ReportState.FINISHED) {
                throw filed(id, r.reportId());
            }
            if (r.state() == ReportState.RETRACTED) {
                return r.state();
            }
            // the retraction, the dismissal of the evidence and the audit entry commit together
            PgReportJournal.Step retracted = (row, next) -> vault.dismissReport(id, by, reason).flatMap(x -> audit.append(by, "tipline.report.retracted",
                    subject(id), reason, Map.of("from", r.state().name(), "abandonedReportIds", next.abandonedReportIds().toString())));
            JobResult result = journal.alongside(next -> next.state() == ReportState.RETRACTED, retracted, () -> {
                if (config.enabled()) {
                    try {
                        return jobs.get().retract(id.toString());
                    } catch (TiplineException e) {
                        throw new Failure(Failure.Kind.UNAVAILABLE, "tipline-unavailable", "CyberTipline did not confirm the retraction",
                                "nothing changed; try again: " + e.getMessage());
                    }
                }
                if (r.reportId() != null) {
                    throw new Failure(Failure.Kind.UNAVAILABLE, "tipline-disabled", "CyberTipline reporting is disabled",
                            "report " + r.reportId() + " is open at NCMEC; retracting it needs enforcement-service.tipline.enabled=true");
                }
                ReportRecord done = ReportRecords.retracted(r, clock.instant());
                journal.save(done);
                return new JobResult.Retracted(done);
            });
            if (result instanceof JobResult.Finished f) {
                throw filed(id, f.record().reportId());
            }
            return result.record().state();
        });
    }

    private ReportState leased(UUID id, java.util.function.Supplier<ReportState> action) {
        Blocking.requireWorker();
        if (journal.find(id.toString()).isEmpty()) {
            throw unknown(id);
        }
        boolean taken = pool.preparedQuery(TAKE).execute(Tuple.of(id, config.lease().toMillis())).await().indefinitely().size() == 1;
        if (!taken) {
            throw new Failure(Failure.Kind.CONFLICT, "tipline-report-busy", "Report is being filed",
                    "a run of tipline report " + id + " is in progress; try again in a moment");
        }
        try {
            return action.get();
        } finally {
            pool.preparedQuery(RELEASE).execute(Tuple.of(id)).await().indefinitely();
        }
    }

    private ReportRecord stored(UUID id) {
        return journal.find(id.toString()).orElseThrow(() -> new NoSuchElementException("tipline report " + id));
    }

    private static AuditEntry.Subject subject(UUID id) {
        return new AuditEntry.Subject(PgReportJournal.SUBJECT, id.toString());
    }

    static Failure unknown(UUID id) {
        return new Failure(Failure.Kind.NOT_FOUND, "unknown-tipline-report", "Unknown tipline report", "no tipline report " + id);
    }

    private static Failure filed(UUID id, Long reportId) {
        return new Failure(Failure.Kind.CONFLICT, "tipline-report-filed", "Report was filed",
                "tipline report " + id + " was filed with NCMEC as report " + reportId + "; a filed report cannot be retracted");
    }
}

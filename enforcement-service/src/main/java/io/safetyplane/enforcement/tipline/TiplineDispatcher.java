package io.safetyplane.enforcement.tipline;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.cybertipline.TiplineConfig;
import io.safetyplane.cybertipline.job.Backoff;
import io.safetyplane.cybertipline.job.Hold;
import io.safetyplane.cybertipline.job.Incident;
import io.safetyplane.cybertipline.job.JobResult;
import io.safetyplane.cybertipline.job.JournalConflictException;
import io.safetyplane.cybertipline.job.ReportJob;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.evidence.PreservationException;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Files queued CyberTipline reports: every {@code enforcement-service.tipline.dispatch-interval} it claims the due
 * reports (PENDING or SUBMITTED, {@code next_attempt_at} passed) with a lease, so that no other replica runs them
 * meanwhile, and runs each one's {@link ReportJob} on this worker thread. A retry is scheduled after the back-off, a
 * hold waits for a tipline officer ({@code /v1/tipline/reports}); the lease is cleared either way. Does nothing unless
 * {@code enforcement-service.tipline.enabled=true}.
 */
@ApplicationScoped
public class TiplineDispatcher {
    private static final Logger LOG = Logger.getLogger(TiplineDispatcher.class);
    static final AuditEntry.Actor READER = PgReportJournal.REPORTER;
    static final String PURPOSE = "cybertipline upload";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR = 2000;

    /** Due reports not leased by a run, oldest due first; rows another replica is claiming are skipped. */
    private static final String CLAIM = "update tipline_reports set lease_until = now() + $1 * interval '1 millisecond' where id in ("
            + "select id from tipline_reports where state in ('PENDING', 'SUBMITTED') and next_attempt_at <= now() "
            + "and (lease_until is null or lease_until < now()) order by next_attempt_at limit $2 for update skip locked) returning id";
    private static final String RENEW = "update tipline_reports set lease_until = now() + $2 * interval '1 millisecond' where id = $1";
    private static final String RELEASE = "update tipline_reports set lease_until = null where id = $1";
    private static final String RETRY_AFTER = "update tipline_reports set lease_until = null, "
            + "next_attempt_at = now() + $2 * interval '1 millisecond' where id = $1";
    private static final String COUNTS = "select state, count(*) from tipline_reports group by state";

    private final EnforcementConfig.Tipline config;
    private final Pool pool;
    private final PgReportJournal journal;
    private final EvidenceVault vault;
    private final Instance<ReportJob> jobs;
    private final IncidentReports reports;
    private final Backoff backoff;
    private final Clock clock;
    private final Counter filed;
    private final Counter held;
    private final Counter failures;
    private final Map<ReportState, AtomicLong> byState = new EnumMap<>(ReportState.class);

    public TiplineDispatcher(EnforcementConfig config, Pool pool, PgReportJournal journal, EvidenceVault vault, Instance<ReportJob> jobs,
            Clock clock, MeterRegistry meters) {
        this.config = config.tipline();
        this.pool = pool;
        this.journal = journal;
        this.vault = vault;
        this.jobs = jobs;
        this.clock = clock;
        this.reports = new IncidentReports(this.config);
        this.backoff = new Backoff(this.config.backoffBase(), this.config.backoffCap());
        this.filed = Counter.builder("enforcement_tipline_reports_filed").description("CyberTipline reports filed with NCMEC")
                .register(meters);
        this.held = Counter.builder("enforcement_tipline_reports_held").description("CyberTipline reports held for a person")
                .register(meters);
        this.failures = Counter.builder("enforcement_tipline_report_failures")
                .description("Runs of a CyberTipline report that failed and will be retried").register(meters);
        for (ReportState s : ReportState.values()) {
            AtomicLong n = new AtomicLong();
            byState.put(s, n);
            Gauge.builder("enforcement_tipline_reports", n, AtomicLong::get).tag("state", s.name())
                    .description("CyberTipline reports by state (as of the last dispatch)").register(meters);
        }
    }

    void announce(@Observes StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("CyberTipline reporting is disabled (enforcement-service.tipline.enabled=false): confirmed incidents queue as "
                    + "reports, but nothing is sent to NCMEC");
            return;
        }
        URI endpoint = URI.create(config.endpoint().strip());
        String which = endpoint.equals(TiplineConfig.PRODUCTION) ? "NCMEC production"
                : endpoint.equals(TiplineConfig.TEST) ? "NCMEC's test host (reports are discarded)" : "a non-NCMEC endpoint";
        LOG.infof("CyberTipline reporting is enabled: reports go to %s, %s, every %s", which, endpoint, config.dispatchInterval());
    }

    @Scheduled(every = "${enforcement-service.tipline.dispatch-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatch() {
        try {
            if (config.enabled()) {
                for (UUID id : claim()) {
                    run(id);
                }
            }
            refreshCounts();
        } catch (RuntimeException e) {
            LOG.warnf("CyberTipline dispatch paused: %s", e.getMessage());
        }
    }

    /** Claims the due reports and returns their ids; each is leased to this run until released. */
    List<UUID> claim() {
        List<UUID> ids = new ArrayList<>();
        pool.preparedQuery(CLAIM).execute(Tuple.of(config.lease().toMillis(), config.batchSize())).await().atMost(QUERY_TIMEOUT)
                .forEach(r -> ids.add(r.getUUID(0)));
        return ids;
    }

    /** Runs one claimed report's job and schedules what follows; the lease is released in every case. */
    void run(UUID id) {
        Duration retryIn = null;
        try {
            execute(RENEW, Tuple.of(id, config.lease().toMillis()));
            retryIn = attempt(id);
        } catch (RuntimeException e) {
            LOG.warnf("CyberTipline report %s: run broke off (%s); tried again in %s", id, e.getMessage(), config.backoffBase());
            failures.increment();
            retryIn = config.backoffBase();
        } finally {
            try {
                if (retryIn != null) {
                    execute(RETRY_AFTER, Tuple.of(id, retryIn.toMillis()));
                } else {
                    execute(RELEASE, Tuple.of(id));
                }
            } catch (RuntimeException e) {
                LOG.warnf("CyberTipline report %s: lease not released (%s); it lapses after %s", id, e.getMessage(), config.lease());
            }
        }
    }

    /** The incident's report, its files read from the vault when they are uploaded (each read audited). */
    Incident incident(IncidentReports.Facts facts) {
        return reports.incident(facts, e -> () -> Blocking.await(() -> Panache.withTransaction(() -> vault.open(e, READER, PURPOSE))));
    }

    /** One run; the wait before the next one, or null when none is scheduled (filed, held, retracted, or due as it is). */
    private Duration attempt(UUID id) {
        IncidentReports.Facts facts = Blocking.await(() -> Panache.withSession(() -> facts(id)));
        if (facts == null) {
            return null;
        }
        ReportRecord stored = journal.find(id.toString()).orElseThrow();
        if (stored.state() != ReportState.PENDING && stored.state() != ReportState.SUBMITTED) {
            return null;
        }
        Incident incident;
        try {
            incident = incident(facts);
        } catch (IllegalArgumentException | NullPointerException e) {
            hold(stored, new Hold("the report cannot be built from the incident: " + e.getMessage(), List.of(), false));
            return null;
        }
        JobResult result;
        try {
            result = jobs.get().run(incident);
        } catch (JournalConflictException e) {
            LOG.infof("CyberTipline report %s: %s", id, e.getMessage());
            return null;
        } catch (PreservationException e) {
            hold(journal.find(id.toString()).orElseThrow(), new Hold("its evidence cannot be read: " + e.getMessage(), List.of(), true));
            return null;
        } catch (RuntimeException e) {
            // the evidence could not be read, or a journal save failed: like a crash, the next run recovers
            return brokeOff(id, e);
        }
        if (result instanceof JobResult.Finished f) {
            filed.increment();
            LOG.infof("CyberTipline report %s filed with NCMEC as report %d", id, f.record().reportId());
        } else if (result instanceof JobResult.RetryLater r) {
            failures.increment();
            Duration wait = backoff.delay(Math.max(1, r.record().attempts()), ThreadLocalRandom.current().nextDouble());
            LOG.infof("CyberTipline report %s: attempt %d failed (%s); retrying in %s", id, r.record().attempts(), r.reason(), wait);
            return wait;
        } else if (result instanceof JobResult.Held h) {
            heldNow(id, h.record().hold());
        }
        return null;
    }

    /** A run that threw: its error recorded, retried after the back-off, held with an alert once the attempts are spent. */
    private Duration brokeOff(UUID id, RuntimeException e) {
        failures.increment();
        String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        error = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        LOG.warnf(e, "CyberTipline report %s: run broke off", id);
        ReportRecord now = journal.find(id.toString()).orElseThrow();
        if (now.state() != ReportState.PENDING && now.state() != ReportState.SUBMITTED) {
            return null;
        }
        if (now.attempts() >= config.maxAttempts()) {
            hold(now, new Hold("gave up after " + now.attempts() + " attempts: " + error, List.of(), true));
            return null;
        }
        journal.save(ReportRecords.failed(now, error, clock.instant()));
        return backoff.delay(Math.max(1, now.attempts()), ThreadLocalRandom.current().nextDouble());
    }

    private void hold(ReportRecord record, Hold why) {
        journal.save(ReportRecords.held(record, why, clock.instant()));
        heldNow(UUID.fromString(record.incidentId()), why);
    }

    private void heldNow(UUID id, Hold hold) {
        held.increment();
        if (hold.alert()) {
            LOG.errorf("CyberTipline report %s is held and needs an operator: %s", id, hold.reason());
        } else {
            LOG.warnf("CyberTipline report %s is held for a tipline officer: %s (%d schema errors)", id, hold.reason(),
                    hold.schemaErrors().size());
        }
    }

    /** What the report says, read in one session: the queued report, its evidence, the target's earlier reports and disable. */
    Uni<IncidentReports.Facts> facts(UUID id) {
        return TiplineReportEntity.<TiplineReportEntity>findById(id).flatMap(r -> {
            if (r == null) {
                return Uni.createFrom().nullItem();
            }
            Instant now = clock.instant();
            Uni<List<EvidenceEntity>> files = vault.filesOf(id);
            Uni<List<Long>> priors = TiplineReportEntity.<TiplineReportEntity>list(
                    "tenantId = ?1 and accountId = ?2 and endUserId = ?3 and state = 'FINISHED' and id <> ?4 and ncmecReportId is not null "
                            + "order by finishedAt", r.tenantId, r.accountId, r.endUserId, id)
                    .map(list -> list.stream().map(p -> p.ncmecReportId).toList());
            return files.flatMap(f -> priors.flatMap(p -> disable(r, now).map(d -> new IncidentReports.Facts(r, f, p, d))));
        });
    }

    /** The target's disable (or, failing that, suspension) in force, with when its notice was written. */
    private static Uni<IncidentReports.Disable> disable(TiplineReportEntity r, Instant now) {
        return SanctionEntity.<SanctionEntity>list("tenantId = ?1 and accountId = ?2 and (endUserId = ?3 or endUserId = '') "
                + "and action in ('suspend', 'disable') and liftedAt is null and startsAt <= ?4 and (endsAt is null or endsAt > ?4) "
                + "order by startsAt desc", r.tenantId, r.accountId, r.endUserId, now).flatMap(list -> {
                    SanctionEntity s = list.stream().filter(x -> "disable".equals(x.action) && !x.pendingSecondReview).findFirst()
                            .orElse(list.isEmpty() ? null : list.get(0));
                    if (s == null) {
                        return Uni.createFrom().nullItem();
                    }
                    boolean permanently = "disable".equals(s.action) && !s.pendingSecondReview;
                    return NoticeEntity.<NoticeEntity>find("sanctionId = ?1 and kind = 'sanction' order by createdAt", s.id).firstResult()
                            .map(n -> new IncidentReports.Disable(permanently, s.startsAt, n == null ? null : n.createdAt));
                });
    }

    private void refreshCounts() {
        Map<ReportState, Long> counts = new EnumMap<>(ReportState.class);
        for (Row r : pool.query(COUNTS).execute().await().atMost(QUERY_TIMEOUT)) {
            counts.put(ReportState.valueOf(r.getString(0)), r.getLong(1));
        }
        byState.forEach((s, n) -> n.set(counts.getOrDefault(s, 0L)));
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(QUERY_TIMEOUT);
    }
}

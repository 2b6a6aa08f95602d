package io.safetyplane.enforcement.tipline;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.cybertipline.SchemaError;
import io.safetyplane.cybertipline.job.FileProgress;
import io.safetyplane.cybertipline.job.Hold;
import io.safetyplane.cybertipline.job.JournalConflictException;
import io.safetyplane.cybertipline.job.ReportJournal;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * The report job's journal in {@code tipline_reports}, one row per incident (the row {@link TiplineQueue} queued, its
 * id the incident id). Blocking, as {@code ReportJob} is: each call awaits PostgreSQL on the calling worker thread.
 *
 * <p>{@link #save} is one committed transaction and a compare-and-set on {@code version}: it locks the row, and
 * stores {@code next} only over version {@code next.version() - 1}, else throws {@link JournalConflictException}. The
 * step to FINISHED also starts the evidence's one-year preservation ({@link EvidenceVault#reportFiled}) and writes the
 * audit entry {@code tipline.report.filed}; the step to HELD writes {@code tipline.report.held}; both in the same
 * transaction, so a report is never filed (or held) without them. A report is created only by the queue, never here: a
 * save of an incident that was never queued is refused.
 */
@ApplicationScoped
public class PgReportJournal implements ReportJournal {
    static final AuditEntry.Actor REPORTER = AuditEntry.Actor.system("tipline-reporter");
    static final String SUBJECT = "tipline_report";
    private static final int MAX_REASON = 2000;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final String FIND = "select state, ncmec_report_id, files, finished_at, hold, abandoned_report_ids, attempts, "
            + "last_error, updated_at, version from tipline_reports where id = $1";

    private final Pool pool;
    private final EvidenceVault vault;
    private final AuditLog audit;
    /** Work to do in the transaction of this thread's next matching save ({@link #alongside}). */
    private final ThreadLocal<Alongside> alongside = new ThreadLocal<>();

    /**
     * Work done in the transaction of a save: for example a staff action's audit entry, so that the action and its record
     * commit together.
     */
    @FunctionalInterface
    public interface Step {
        /** Runs in the save's transaction, on the locked row that {@code next} was just written onto. */
        Uni<?> run(TiplineReportEntity row, ReportRecord next);
    }

    private record Alongside(Predicate<ReportRecord> when, Step step) {
    }

    public PgReportJournal(Pool pool, EvidenceVault vault, AuditLog audit) {
        this.pool = pool;
        this.vault = vault;
        this.audit = audit;
    }

    @Override
    public Optional<ReportRecord> find(String incidentId) {
        UUID id = id(incidentId);
        if (id == null) {
            return Optional.empty();
        }
        Blocking.requireWorker();
        var rows = pool.preparedQuery(FIND).execute(Tuple.of(id)).await().atMost(QUERY_TIMEOUT);
        if (rows.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(record(incidentId, rows.iterator().next()));
    }

    /**
     * Runs {@code action} on this thread; the first save it makes whose record matches {@code when} also runs
     * {@code step}, in the same transaction. Returns what {@code action} returns.
     */
    public <T> T alongside(Predicate<ReportRecord> when, Step step, Supplier<T> action) {
        Alongside previous = alongside.get();
        alongside.set(new Alongside(when, step));
        try {
            return action.get();
        } finally {
            alongside.set(previous);
        }
    }

    @Override
    public void save(ReportRecord next) {
        Alongside with = alongside.get();
        Step step = with != null && with.when().test(next) ? with.step() : null;
        if (step != null) {
            alongside.remove();
        }
        UUID id = id(next.incidentId());
        if (id == null) {
            throw new IllegalArgumentException("incident id " + next.incidentId() + " is not a tipline report id (a UUID)");
        }
        Blocking.await(() -> Panache.withTransaction(() -> TiplineReportEntity.<TiplineReportEntity>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(row -> {
                    if (row == null) {
                        if (next.version() != 1) {
                            throw new JournalConflictException(next.incidentId(), next.version() - 1, 0);
                        }
                        throw new IllegalStateException("no tipline report " + id + " was queued; the journal advances queued reports only");
                    }
                    if (row.version != next.version() - 1) {
                        throw new JournalConflictException(next.incidentId(), next.version() - 1, row.version);
                    }
                    ReportState before = ReportState.valueOf(row.state);
                    apply(next, row);
                    Uni<?> also = step == null ? Uni.createFrom().voidItem() : step.run(row, next);
                    return also.flatMap(x -> effects(id, row, before, next));
                })));
    }

    /** The audit entries (and, on filing, the start of the evidence's preservation) of a change of state. */
    private Uni<AuditEntry> effects(UUID id, TiplineReportEntity row, ReportState before, ReportRecord next) {
        if (next.state() == ReportState.FINISHED && before != ReportState.FINISHED) {
            return vault.reportFiled(id, next.finishedAt()).flatMap(x -> audit.append(REPORTER, "tipline.report.filed",
                    new AuditEntry.Subject(SUBJECT, id.toString()), "filed with NCMEC's CyberTipline as report " + next.reportId(),
                    Map.of("ncmecReportId", String.valueOf(next.reportId()), "violationEventId", nonNull(row.violationEventId))));
        }
        if (next.state() == ReportState.HELD && before != ReportState.HELD) {
            return audit.append(REPORTER, "tipline.report.held", new AuditEntry.Subject(SUBJECT, id.toString()),
                    clip(next.hold().reason()), Map.of("alert", String.valueOf(next.hold().alert()), "schemaErrors",
                            String.valueOf(next.hold().schemaErrors().size())));
        }
        return Uni.createFrom().item((AuditEntry) null);
    }

    /** The record stored for a report, read from its entity (in the caller's session). */
    static ReportRecord record(TiplineReportEntity e) {
        List<FileProgress> files = new ArrayList<>();
        for (Map<String, Object> f : e.files == null ? List.<Map<String, Object>>of() : e.files) {
            files.add(new FileProgress(String.valueOf(f.get("fileName")), String.valueOf(f.get("fileId")),
                    FileProgress.State.valueOf(String.valueOf(f.get("state")))));
        }
        Hold hold = null;
        if (e.hold != null) {
            List<SchemaError> errors = new ArrayList<>();
            if (e.hold.get("errors") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        errors.add(new SchemaError(number(m.get("line")), number(m.get("column")), String.valueOf(m.get("message"))));
                    }
                }
            }
            hold = new Hold(String.valueOf(e.hold.get("reason")), errors, Boolean.TRUE.equals(e.hold.get("alert")));
        }
        List<Long> abandoned = e.abandonedReportIds == null ? List.of() : List.of(e.abandonedReportIds);
        return new ReportRecord(e.id.toString(), ReportState.valueOf(e.state), e.ncmecReportId, files, e.finishedAt, hold, abandoned, e.attempts,
                e.lastError, e.updatedAt, e.version);
    }

    private static ReportRecord record(String incidentId, Row r) {
        List<FileProgress> files = new ArrayList<>();
        JsonArray fs = r.getJsonArray("files");
        if (fs != null) {
            for (int i = 0; i < fs.size(); i++) {
                JsonObject f = fs.getJsonObject(i);
                files.add(new FileProgress(f.getString("fileName"), f.getString("fileId"), FileProgress.State.valueOf(f.getString("state"))));
            }
        }
        Hold hold = null;
        JsonObject h = r.getJsonObject("hold");
        if (h != null) {
            List<SchemaError> errors = new ArrayList<>();
            JsonArray es = h.getJsonArray("errors", new JsonArray());
            for (int i = 0; i < es.size(); i++) {
                JsonObject e = es.getJsonObject(i);
                errors.add(new SchemaError(e.getInteger("line", -1), e.getInteger("column", -1), e.getString("message", "")));
            }
            hold = new Hold(h.getString("reason", ""), errors, h.getBoolean("alert", false));
        }
        Long[] abandoned = r.getArrayOfLongs("abandoned_report_ids");
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        return new ReportRecord(incidentId, ReportState.valueOf(r.getString("state")), r.getLong("ncmec_report_id"), files,
                finished == null ? null : finished.toInstant(), hold, abandoned == null ? List.of() : List.of(abandoned),
                r.getInteger("attempts"), r.getString("last_error"), r.getOffsetDateTime("updated_at").toInstant(), r.getLong("version"));
    }

    /** Writes {@code next} onto its row's journal columns. */
    static void apply(ReportRecord next, TiplineReportEntity row) {
        row.state = next.state().name();
        row.ncmecReportId = next.reportId();
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileProgress f : next.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fileName", f.fileName());
            m.put("fileId", f.fileId());
            m.put("state", f.state().name());
            files.add(m);
        }
        row.files = files;
        row.finishedAt = next.finishedAt();
        if (next.hold() == null) {
            row.hold = null;
        } else {
            Map<String, Object> hold = new LinkedHashMap<>();
            hold.put("reason", next.hold().reason());
            hold.put("alert", next.hold().alert());
            List<Map<String, Object>> errors = new ArrayList<>();
            for (SchemaError e : next.hold().schemaErrors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", e.line());
                m.put("column", e.column());
                m.put("message", e.message());
                errors.add(m);
            }
            hold.put("errors", errors);
            row.hold = hold;
        }
        row.abandonedReportIds = next.abandonedReportIds().toArray(Long[]::new);
        row.attempts = next.attempts();
        row.lastError = next.lastError();
        row.updatedAt = next.updatedAt();
        row.version = next.version();
    }

    static UUID id(String incidentId) {
        try {
            return UUID.fromString(incidentId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : -1;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    static String clip(String s) {
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) + "..." : s;
    }
}

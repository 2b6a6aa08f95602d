package io.safetyplane.enforcement.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;

import io.safetyplane.enforcement.model.AuditRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends to the audit log in the caller's transaction. A transaction's first entry takes the log's lock (a
 * transaction-scoped advisory lock, held until commit or rollback) and then reads the last entry, so concurrent appends
 * queue up, each reads the tail its predecessor committed, and the chain never forks; its further entries follow the
 * one it wrote last, without reading the log again. (A row lock on the tail would not do: a waiter would be handed the
 * old tail row once the holder commits, not the row the holder added.) The violations intake, which writes without Hibernate, chains a batch's entries at once ({@link #chain}).
 */
@ApplicationScoped
public class AuditLog {
    /** The audit log's lock: appends of concurrent transactions take turns. */
    private static final String LOCK = "select count(*) from pg_advisory_xact_lock(7041852318)";
    private static final String TAIL = "select seq, at, actor_id, actor_role, action, subject_type, subject_id, reason, details, prev_hash, hash"
            + " from audit_log order by seq desc limit 1";

    private final Clock clock;
    /** The last entry each open transaction wrote; a transaction that is gone is forgotten. */
    private final Map<Mutiny.Transaction, AuditEntry> tails = Collections.synchronizedMap(new WeakHashMap<>());

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Uni<AuditEntry> append(AuditEntry.Actor actor, String action, AuditEntry.Subject subject, String reason,
            Map<String, String> details) {
        return append(new AuditEvent(actor, action, subject, reason, details));
    }

    public Uni<AuditEntry> append(AuditEvent event) {
        return Panache.currentTransaction().flatMap(tx -> tail(tx).flatMap(last -> {
            AuditEntry entry = event.after(last, clock.instant());
            if (tx != null) {
                tails.put(tx, entry);
            }
            return AuditRecord.of(entry).persist().replaceWith(entry);
        }));
    }

    private Uni<AuditEntry> tail(Mutiny.Transaction tx) {
        AuditEntry written = tx == null ? null : tails.get(tx);
        if (written != null) {
            return Uni.createFrom().item(written);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK).getSingleResult())
                .flatMap(locked -> AuditRecord.<AuditRecord>find("order by seq desc").<AuditRecord>firstResult())
                .map(last -> last == null ? null : last.entry());
    }

    /**
     * The entries of {@code events}, in order, after the log's last entry, read under the log's lock in the transaction
     * of {@code conn} (as {@link #append} does); the caller inserts them in that transaction.
     */
    public Uni<List<AuditEntry>> chain(SqlConnection conn, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.query(LOCK).execute().flatMap(locked -> conn.query(TAIL).execute()).map(rows -> {
            AuditEntry last = rows.size() == 0 ? null : entry(rows.iterator().next());
            List<AuditEntry> entries = new ArrayList<>(events.size());
            for (AuditEvent e : events) {
                last = e.after(last, clock.instant());
                entries.add(last);
            }
            return entries;
        });
    }

    private static AuditEntry entry(Row r) {
        Map<String, String> details = new HashMap<>();
        r.getJsonObject("details").forEach(d -> details.put(d.getKey(), String.valueOf(d.getValue())));
        return new AuditEntry(r.getLong("seq"), r.getOffsetDateTime("at").toInstant(),
                new AuditEntry.Actor(r.getString("actor_id"), r.getString("actor_role")), r.getString("action"),
                new AuditEntry.Subject(r.getString("subject_type"), r.getString("subject_id")), r.getString("reason"), details,
                r.getString("prev_hash"), r.getString("hash"));
    }

    /** Entries after {@code afterSequence}, oldest first, at most {@code limit}. */
    public Uni<List<AuditEntry>> read(long afterSequence, int limit) {
        return AuditRecord.<AuditRecord>find("seq > ?1 order by seq", afterSequence).page(0, limit).list()
                .map(list -> list.stream().map(AuditRecord::entry).toList());
    }
}

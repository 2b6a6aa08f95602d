package io.safetyplane.enforcement.audit;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;

import io.safetyplane.enforcement.model.AuditRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * Appends to the audit log in the caller's transaction. A transaction's first entry reads the last entry under a row
 * lock, so concurrent appends queue up and the chain never forks (a concurrent first entry loses on the sequence's
 * primary key and its transaction is retried); its further entries follow the one it wrote last, without reading the
 * log again (a batch of violations appends many).
 */
@ApplicationScoped
public class AuditLog {
    private final Clock clock;
    /** The last entry each open transaction wrote; a transaction that is gone is forgotten. */
    private final Map<Mutiny.Transaction, AuditEntry> tails = Collections.synchronizedMap(new WeakHashMap<>());

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Uni<AuditEntry> append(AuditEntry.Actor actor, String action, AuditEntry.Subject subject, String reason,
            Map<String, String> details) {
        return Panache.currentTransaction().flatMap(tx -> tail(tx).flatMap(last -> {
            AuditEntry entry = AuditChain.append(last, clock.instant(), actor, action, subject, reason, details);
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
        return AuditRecord.<AuditRecord>find("order by seq desc").withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .map(last -> last == null ? null : last.entry());
    }

    /** Entries after {@code afterSequence}, oldest first, at most {@code limit}. */
    public Uni<List<AuditEntry>> read(long afterSequence, int limit) {
        return AuditRecord.<AuditRecord>find("seq > ?1 order by seq", afterSequence).page(0, limit).list()
                .map(list -> list.stream().map(AuditRecord::entry).toList());
    }
}

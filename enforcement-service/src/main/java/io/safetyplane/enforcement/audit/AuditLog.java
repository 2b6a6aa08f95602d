package io.safetyplane.enforcement.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.safetyplane.enforcement.model.AuditRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * Appends to the audit log in the caller's transaction: the last entry is read under a row lock, so concurrent
 * appends queue up and the chain never forks (a concurrent first entry loses on the sequence's primary key and its
 * transaction is retried).
 */
@ApplicationScoped
public class AuditLog {
    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Uni<AuditEntry> append(AuditEntry.Actor actor, String action, AuditEntry.Subject subject, String reason,
            Map<String, String> details) {
        return AuditRecord.<AuditRecord>find("order by seq desc").withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(last -> {
                    AuditEntry entry = AuditChain.append(last == null ? null : last.entry(), clock.instant(), actor, action, subject,
                            reason, details);
                    return AuditRecord.of(entry).persist().replaceWith(entry);
                });
    }

    /** Entries after {@code afterSequence}, oldest first, at most {@code limit}. */
    public Uni<List<AuditEntry>> read(long afterSequence, int limit) {
        return AuditRecord.<AuditRecord>find("seq > ?1 order by seq", afterSequence).page(0, limit).list()
                .map(list -> list.stream().map(AuditRecord::entry).toList());
    }
}

package io.safetyplane.cybertipline.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ReportJournal} in memory, for tests and the local demo: nothing survives the process. Thread-safe. */
public final class InMemoryReportJournal implements ReportJournal {
    private final Map<String, ReportRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<ReportRecord> find(String incidentId) {
        return Optional.ofNullable(records.get(incidentId));
    }

    @Override
    public void save(ReportRecord next) {
        records.compute(next.incidentId(), (id, stored) -> {
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != next.version() - 1) {
                throw new JournalConflictException(id, next.version() - 1, storedVersion);
            }
            return next;
        });
    }

    /** Every record, for inspection. */
    public List<ReportRecord> records() {
        return List.copyOf(records.values());
    }
}

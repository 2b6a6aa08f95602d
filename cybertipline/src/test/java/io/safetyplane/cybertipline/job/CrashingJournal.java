package io.safetyplane.cybertipline.job;

import java.util.Optional;

/**
 * A journal whose process dies at its {@code crashAt}-th save: the save throws and writes nothing, so the remote
 * call before it took effect but the journal never learned so. An optional action runs after every save that
 * succeeded, to change the world between two steps (expire NCMEC's reports, for example).
 */
final class CrashingJournal implements ReportJournal {
    /** The process was killed. */
    static final class Crash extends RuntimeException {
        Crash(int save) {
            super("simulated crash at save " + save, null, false, false);
        }
    }

    interface AfterSave {
        void saved(int count, ReportRecord record);
    }

    private final ReportJournal durable;
    private final int crashAt;
    private final AfterSave after;
    private int saves;

    CrashingJournal(ReportJournal durable, int crashAt, AfterSave after) {
        this.durable = durable;
        this.crashAt = crashAt;
        this.after = after;
    }

    CrashingJournal(ReportJournal durable, int crashAt) {
        this(durable, crashAt, (count, record) -> {
        });
    }

    /** Counts saves and never crashes. */
    static CrashingJournal counting(ReportJournal durable, AfterSave after) {
        return new CrashingJournal(durable, Integer.MAX_VALUE, after);
    }

    int saves() {
        return saves;
    }

    @Override
    public Optional<ReportRecord> find(String incidentId) {
        return durable.find(incidentId);
    }

    @Override
    public void save(ReportRecord next) {
        saves++;
        if (saves == crashAt) {
            throw new Crash(saves);
        }
        durable.save(next);
        after.saved(saves, next);
    }
}

package io.safetyplane.hash.bank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.hash.signal.SignalIndex;
import io.safetyplane.hash.signal.SignalType;

/**
 * The entries of one signal type in one bank, and the index readers search.
 *
 * <p>Writes come from one thread (the replica). Readers search an immutable {@link View}: a large
 * base index plus a small tail index of entries added since the base was built. Adds become
 * visible at the next {@link #publish}; removals at once, through {@link BankEntry#removed()}. The
 * base is rebuilt when the tail or the removed entries grow past a quarter of it, so the cost of
 * rebuilds stays proportional to the changes (the sizes grow geometrically).
 */
final class SignalEntries {
    private static final int MIN_TAIL = 4096;

    private final SignalType type;
    private final Map<String, BankEntry> live = new HashMap<>();
    private final List<BankEntry> tail = new ArrayList<>();
    private BankEntry[] base = new BankEntry[0];
    private SignalIndex baseIndex;
    private int baseMaxDistance = -1;
    private int stale;
    private boolean dirty;
    private volatile View view = new View(new BankEntry[0], null, new BankEntry[0], null, 0);

    SignalEntries(SignalType type) {
        this.type = type;
    }

    String signalType() {
        return type.name();
    }

    /** Adds or replaces the entry with the same hash. */
    void put(BankEntry entry) {
        BankEntry old = live.put(entry.hash(), entry);
        if (old != null) {
            old.markRemoved();
            stale++;
        }
        tail.add(entry);
        dirty = true;
    }

    /** Removes the entry with this hash; returns whether there was one. */
    boolean remove(String hash) {
        BankEntry old = live.remove(hash);
        if (old == null) {
            return false;
        }
        old.markRemoved();
        stale++;
        dirty = true;
        return true;
    }

    void clear() {
        for (BankEntry e : live.values()) {
            e.markRemoved();
        }
        live.clear();
        tail.clear();
        base = new BankEntry[0];
        baseIndex = null;
        stale = 0;
        dirty = true;
    }

    int size() {
        return live.size();
    }

    /** Makes pending adds searchable; {@code maxDistance} is the bank's threshold for this signal. */
    void publish(int maxDistance) {
        if (!dirty && maxDistance == baseMaxDistance) {
            return;
        }
        int limit = Math.max(MIN_TAIL, base.length / 4);
        if (maxDistance != baseMaxDistance || tail.size() > limit || stale > Math.max(MIN_TAIL, live.size() / 4)) {
            base = live.values().toArray(new BankEntry[0]);
            baseIndex = build(base, maxDistance);
            baseMaxDistance = maxDistance;
            tail.clear();
            stale = 0;
        } else {
            tail.removeIf(BankEntry::removed);
        }
        BankEntry[] tailEntries = tail.toArray(new BankEntry[0]);
        view = new View(base, baseIndex, tailEntries, build(tailEntries, maxDistance), live.size());
        dirty = false;
    }

    View view() {
        return view;
    }

    private SignalIndex build(BankEntry[] entries, int maxDistance) {
        if (entries.length == 0) {
            return null;
        }
        String[] hashes = new String[entries.length];
        for (int i = 0; i < entries.length; i++) {
            hashes[i] = entries[i].hash();
        }
        return type.index(hashes, entries.length, maxDistance);
    }

    /** What readers search: immutable arrays and indexes, entries filtered by their removed flag. */
    record View(BankEntry[] base, SignalIndex baseIndex, BankEntry[] tail, SignalIndex tailIndex, int size) {

        void search(QuerySignal query, int maxDistance, EntryHits hits) {
            search(base, baseIndex, query, maxDistance, hits);
            search(tail, tailIndex, query, maxDistance, hits);
        }

        private static void search(BankEntry[] entries, SignalIndex index, QuerySignal query, int maxDistance, EntryHits hits) {
            if (index == null) {
                return;
            }
            index.search(query, maxDistance, (id, distance, probe) -> {
                BankEntry e = entries[id];
                if (!e.removed()) {
                    hits.hit(e, distance, probe);
                }
            });
        }

        long memoryBytes() {
            return (baseIndex == null ? 0 : baseIndex.memoryBytes()) + (tailIndex == null ? 0 : tailIndex.memoryBytes());
        }

        /** Live entries, for export. */
        List<BankEntry> entries() {
            List<BankEntry> out = new ArrayList<>(base.length + tail.length);
            for (BankEntry e : base) {
                if (!e.removed()) {
                    out.add(e);
                }
            }
            for (BankEntry e : tail) {
                if (!e.removed()) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    @FunctionalInterface
    interface EntryHits {
        void hit(BankEntry entry, int distance, int probe);
    }

    Collection<BankEntry> liveEntries() {
        return live.values();
    }
}

package io.safetyplane.hash.signal;

/** An immutable, thread-safe index over one bank's hashes of one signal type. */
public interface SignalIndex {

    int size();

    /** Approximate bytes held by the index. */
    long memoryBytes();

    /**
     * Reports every entry within {@code maxDistance} of any probe of {@code query}, once per
     * entry, with the smallest distance and the probe that reached it.
     */
    void search(QuerySignal query, int maxDistance, Hits hits);

    @FunctionalInterface
    interface Hits {
        void hit(int id, int distance, int probe);
    }
}

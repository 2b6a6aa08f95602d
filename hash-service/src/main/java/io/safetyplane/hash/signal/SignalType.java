package io.safetyplane.hash.signal;

import java.util.List;
import java.util.Optional;

import io.safetyplane.media.MediaRejectedException;

/**
 * One kind of hash (PDQ, MD5, SHA-256, later video PDQ...). The matcher and the banks only speak
 * to this interface, so a new signal type plugs in by adding an implementation and registering it
 * in {@link SignalTypes}.
 */
public interface SignalType {

    /** Stable lowercase name used in APIs, hash lists and topic keys, for example {@code "pdq"}. */
    String name();

    /**
     * Checks a hash written as text and returns its canonical form (lowercase hex).
     *
     * @throws InvalidHashException saying what is wrong with it
     */
    String canonical(String value) throws InvalidHashException;

    /** Doubts about a well-formed hash that an importer should see, for example a PDQ popcount other than 128. */
    default List<String> warnings(String canonical) {
        return List.of();
    }

    /**
     * Computes this signal of a medium, or empty when the signal does not apply to it.
     *
     * @throws MediaRejectedException when the pixels this signal needs cannot be decoded
     */
    Optional<QuerySignal> compute(Content content) throws MediaRejectedException;

    /** Parses a query hash supplied by a caller (already computed elsewhere). */
    QuerySignal query(String canonical, Integer quality);

    /**
     * Builds an immutable index over bank entries. {@code hashes[i]} is canonical; a hit reports
     * {@code i}. {@code maxDistance} only matters to distance-based signals.
     */
    SignalIndex index(String[] hashes, int count, int maxDistance);
}

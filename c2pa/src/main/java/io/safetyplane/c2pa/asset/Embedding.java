package io.safetyplane.c2pa.asset;

import java.util.List;

/**
 * An asset with a manifest store embedded. The store can be replaced in place by another of the same length
 * ({@link #patch}): the signer embeds a placeholder store, hashes the asset, then patches in the final store,
 * so that the exclusions and every other offset stay valid.
 */
public interface Embedding {
    /** The asset's bytes with the store in them; {@link #patch} changes this array. */
    byte[] bytes();

    /**
     * For {@code c2pa.hash.data} formats: the ranges to exclude from the hash, in file order (JPEG: every APP11
     * segment of the store with its marker and length; PNG: the whole {@code caBX} chunk; RIFF: the whole
     * {@code C2PA} chunk; MP3: only the store's bytes inside the GEOB frame). Empty for MP4.
     */
    List<Exclusion> exclusions();

    /** Writes {@code store} (exactly as long as the embedded one) over the embedded store. */
    void patch(byte[] store);
}

package io.safetyplane.c2pa.asset;

import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link Embedding} whose store lies in the asset as one or more pieces: piece {@code i} copies
 * {@code lengths[i]} bytes from {@code storeOffsets[i]} of the store to {@code fileOffsets[i]} of the asset
 * (JPEG repeats the store's LBox/TBox in every APP11 segment, so pieces may overlap in the store).
 */
final class StoreEmbedding implements Embedding {
    private final byte[] bytes;
    private final List<Exclusion> exclusions;
    private final int storeLength;
    private final int[] fileOffsets;
    private final int[] storeOffsets;
    private final int[] lengths;
    private final Consumer<byte[]> afterPatch;

    StoreEmbedding(byte[] bytes, List<Exclusion> exclusions, int storeLength, int[] fileOffsets, int[] storeOffsets,
            int[] lengths, Consumer<byte[]> afterPatch) {
        this.bytes = bytes;
        this.exclusions = List.copyOf(exclusions);
        this.storeLength = storeLength;
        this.fileOffsets = fileOffsets;
        this.storeOffsets = storeOffsets;
        this.lengths = lengths;
        this.afterPatch = afterPatch;
    }

    /** The store lies in one piece at {@code fileOffset}. */
    static StoreEmbedding contiguous(byte[] bytes, List<Exclusion> exclusions, int fileOffset, int storeLength,
            Consumer<byte[]> afterPatch) {
        return new StoreEmbedding(bytes, exclusions, storeLength, new int[] {fileOffset}, new int[] {0},
                new int[] {storeLength}, afterPatch);
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    @Override
    public void patch(byte[] store) {
        if (store == null || store.length != storeLength) {
            throw new IllegalArgumentException("the patched store must be " + storeLength + " bytes long, not "
                    + (store == null ? "null" : store.length));
        }
        for (int i = 0; i < fileOffsets.length; i++) {
            System.arraycopy(store, storeOffsets[i], bytes, fileOffsets[i], lengths[i]);
        }
        if (afterPatch != null) {
            afterPatch.accept(bytes);
        }
    }
}

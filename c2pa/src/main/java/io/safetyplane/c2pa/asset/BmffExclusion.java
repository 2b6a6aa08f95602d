package io.safetyplane.c2pa.asset;

import java.util.List;
import java.util.Optional;

/**
 * One exclusion of a {@code c2pa.hash.bmff} assertion (c2pa-rs {@code ExclusionsMap}): boxes at {@code xpath}
 * (for example {@code /uuid}) are left out of the hash when they also match {@code length} and every
 * {@code data} entry; a {@code subset} leaves out only those ranges of the box.
 */
public record BmffExclusion(String xpath, Optional<Long> length, List<DataMatch> data, List<Subset> subset,
        Optional<Integer> version, Optional<byte[]> flags, Optional<Boolean> exact) {

    /** Bytes {@code value} at {@code offset} from the start of the box. */
    public record DataMatch(long offset, byte[] value) {
    }

    /** A range within the box, from its start. */
    public record Subset(long offset, long length) {
    }

    /** An exclusion of every box at {@code xpath}. */
    public static BmffExclusion of(String xpath) {
        return new BmffExclusion(xpath, Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}

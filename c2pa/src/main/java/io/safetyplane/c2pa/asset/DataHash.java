package io.safetyplane.c2pa.asset;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import io.safetyplane.c2pa.jumbf.Hashing;

/** The {@code c2pa.hash.data} digest: the asset minus its exclusion ranges (c2pa-rs {@code hash_stream_by_alg}). */
public final class DataHash {
    private DataHash() {
    }

    /** The digest with {@code alg} ({@code sha256}, {@code sha384}, {@code sha512}) of {@code asset} without {@code exclusions}. */
    public static byte[] hash(byte[] asset, List<Exclusion> exclusions, String alg) throws AssetException {
        MessageDigest digest = digest(alg);
        List<long[]> ranges = new ArrayList<>(exclusions.size());
        for (Exclusion e : exclusions) {
            if (e.start() < 0 || e.length() < 0 || e.start() + e.length() > asset.length) {
                throw Bin.corrupt("exclusion (start %d, length %d) is not within the asset (%d bytes)", e.start(), e.length(),
                        asset.length);
            }
            ranges.add(new long[] {e.start(), e.length()});
        }
        for (long[] r : included(asset.length, ranges)) {
            digest.update(asset, (int) r[0], (int) r[1]);
        }
        return digest.digest();
    }

    static MessageDigest digest(String alg) throws AssetException {
        if (alg == null || !Hashing.supported(alg)) {
            throw Bin.unsupported("hash algorithm '%s' is not supported (sha256, sha384, sha512)", alg);
        }
        return Hashing.digest(alg);
    }

    /** {@code [0, length)} minus the {@code {start, length}} ranges (which may overlap), as sorted {@code {start, length}} ranges. */
    static long[][] included(long length, List<long[]> excluded) throws AssetException {
        List<long[]> sorted = new ArrayList<>(excluded);
        sorted.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> out = new ArrayList<>();
        long pos = 0;
        for (long[] r : sorted) {
            if (r[0] + r[1] > length) {
                throw Bin.corrupt("exclusion (start %d, length %d) runs past the end of the asset (%d bytes)", r[0], r[1], length);
            }
            if (r[1] == 0) {
                continue;
            }
            if (r[0] > pos) {
                out.add(new long[] {pos, r[0] - pos});
            }
            pos = Math.max(pos, r[0] + r[1]);
        }
        if (pos < length) {
            out.add(new long[] {pos, length - pos});
        }
        return out.toArray(new long[0][]);
    }
}

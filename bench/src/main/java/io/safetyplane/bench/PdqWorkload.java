package io.safetyplane.bench;

import java.util.SplittableRandom;

/**
 * Deterministic PDQ-like data sets and query mixes for the index benchmarks.
 *
 * <p>Hashes are 4 longs each. Uniform: independent random bits. Skewed: {@code prototypes} random
 * centres, each entry a centre with every bit flipped independently with probability
 * {@value #SKEW_FLIP_NUMERATOR}/1024 (≈ 0.15). Queries: even slots are planted near-duplicates
 * (a copy of a random entry with {@code k} distinct bits flipped, {@code k} uniform in
 * 0..{@code maxFlips}), odd slots fresh random hashes.
 */
public final class PdqWorkload {
    /** Per-bit flip probability of the skewed set, as a 10-bit binary fraction: 154/1024 = 0.1504. */
    public static final int SKEW_FLIP_NUMERATOR = 154;

    public final long[] hashes;
    public final int size;
    public final long[] queries;
    /** For planted query i: the entry it was copied from, else -1. */
    public final int[] plantedFrom;
    /** For planted query i: the number of flipped bits, else -1. */
    public final int[] plantedFlips;

    private PdqWorkload(long[] hashes, int size, long[] queries, int[] plantedFrom, int[] plantedFlips) {
        this.hashes = hashes;
        this.size = size;
        this.queries = queries;
        this.plantedFrom = plantedFrom;
        this.plantedFlips = plantedFlips;
    }

    public int queryCount() {
        return plantedFrom.length;
    }

    public static PdqWorkload uniform(int size, int queryCount, int maxFlips, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] h = new long[4 * size];
        for (int i = 0; i < h.length; i++) {
            h[i] = rnd.nextLong();
        }
        return withQueries(h, size, queryCount, maxFlips, rnd);
    }

    public static PdqWorkload skewed(int size, int prototypes, int queryCount, int maxFlips, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] proto = new long[4 * prototypes];
        for (int i = 0; i < proto.length; i++) {
            proto[i] = rnd.nextLong();
        }
        long[] h = new long[4 * size];
        for (int i = 0; i < size; i++) {
            int p = rnd.nextInt(prototypes);
            for (int w = 0; w < 4; w++) {
                h[4 * i + w] = proto[4 * p + w] ^ biasedBits(rnd);
            }
        }
        return withQueries(h, size, queryCount, maxFlips, rnd);
    }

    /** 64 independent bits, each set with probability SKEW_FLIP_NUMERATOR / 1024. */
    private static long biasedBits(SplittableRandom rnd) {
        long x = 0;
        for (int bit = 0; bit < 10; bit++) { // binary digits of the fraction, least significant first
            long r = rnd.nextLong();
            x = ((SKEW_FLIP_NUMERATOR >>> bit) & 1) != 0 ? (x | r) : (x & r);
        }
        return x;
    }

    private static PdqWorkload withQueries(long[] h, int size, int queryCount, int maxFlips, SplittableRandom rnd) {
        long[] q = new long[4 * queryCount];
        int[] from = new int[queryCount];
        int[] flips = new int[queryCount];
        for (int i = 0; i < queryCount; i++) {
            if (i % 2 == 0 && size > 0) {
                int src = rnd.nextInt(size);
                int k = rnd.nextInt(maxFlips + 1);
                System.arraycopy(h, 4 * src, q, 4 * i, 4);
                long[] mask = new long[4];
                for (int done = 0; done < k; ) {
                    int bit = rnd.nextInt(256);
                    long m = 1L << (bit & 63);
                    if ((mask[bit >>> 6] & m) == 0) {
                        mask[bit >>> 6] |= m;
                        done++;
                    }
                }
                for (int w = 0; w < 4; w++) {
                    q[4 * i + w] ^= mask[w];
                }
                from[i] = src;
                flips[i] = k;
            } else {
                for (int w = 0; w < 4; w++) {
                    q[4 * i + w] = rnd.nextLong();
                }
                from[i] = -1;
                flips[i] = -1;
            }
        }
        return new PdqWorkload(h, size, q, from, flips);
    }
}

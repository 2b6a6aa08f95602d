package io.safetyplane.hash.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Data generators and the brute-force oracle shared by the tests. */
final class TestData {
    private TestData() {
    }

    static long[] random(int n, SplittableRandom rnd) {
        long[] h = new long[4 * n];
        for (int i = 0; i < h.length; i++) {
            h[i] = rnd.nextLong();
        }
        return h;
    }

    /** Copy of {@code src[4*id..]} with {@code k} distinct random bits flipped, written to {@code dst[4*at..]}. */
    static void flipCopy(long[] src, int id, long[] dst, int at, int k, SplittableRandom rnd) {
        System.arraycopy(src, 4 * id, dst, 4 * at, 4);
        long[] mask = new long[4];
        int flipped = 0;
        while (flipped < k) {
            int bit = rnd.nextInt(256);
            long m = 1L << (bit & 63);
            if ((mask[bit >>> 6] & m) == 0) {
                mask[bit >>> 6] |= m;
                flipped++;
            }
        }
        for (int w = 0; w < 4; w++) {
            dst[4 * at + w] ^= mask[w];
        }
    }

    /** Random hashes where every fifth entry is a near copy (0..40 flips) of an earlier one. */
    static long[] withNearDuplicates(int n, SplittableRandom rnd) {
        long[] h = random(n, rnd);
        for (int i = 1; i < n; i++) {
            if (i % 5 == 0) {
                flipCopy(h, rnd.nextInt(i), h, i, rnd.nextInt(41), rnd);
            }
        }
        return h;
    }

    /** {@code n} hashes around {@code protos} random prototypes, each bit flipped with probability {@code p}. */
    static long[] clustered(int n, int protos, double p, SplittableRandom rnd) {
        long[] proto = random(protos, rnd);
        long[] h = new long[4 * n];
        for (int i = 0; i < n; i++) {
            int pr = rnd.nextInt(protos);
            for (int w = 0; w < 4; w++) {
                long mask = 0;
                for (int b = 0; b < 64; b++) {
                    if (rnd.nextDouble() < p) {
                        mask |= 1L << b;
                    }
                }
                h[4 * i + w] = proto[4 * pr + w] ^ mask;
            }
        }
        return h;
    }

    /** Half planted (copy of an entry with 0..maxFlips flips), half uniform random queries. */
    static long[] queries(long[] hay, int n, int count, int maxFlips, SplittableRandom rnd) {
        long[] q = random(count, rnd);
        if (n > 0) {
            for (int i = 0; i < count; i += 2) {
                flipCopy(hay, rnd.nextInt(n), q, i, rnd.nextInt(maxFlips + 1), rnd);
            }
        }
        return q;
    }

    static int distance(long[] a, int ia, long[] b, int ib) {
        return Long.bitCount(a[4 * ia] ^ b[4 * ib]) + Long.bitCount(a[4 * ia + 1] ^ b[4 * ib + 1])
                + Long.bitCount(a[4 * ia + 2] ^ b[4 * ib + 2]) + Long.bitCount(a[4 * ia + 3] ^ b[4 * ib + 3]);
    }

    static Set<Long> bruteForce(long[] hay, int n, long[] q, int qi, int d) {
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int dist = distance(hay, i, q, qi);
            if (dist <= d) {
                out.add(((long) i << 8) | dist);
            }
        }
        return out;
    }

    static Set<Long> search(PdqIndex index, long[] q, int qi, int d) {
        List<Long> hits = new ArrayList<>();
        index.search(q[4 * qi], q[4 * qi + 1], q[4 * qi + 2], q[4 * qi + 3], d,
                (id, dist) -> hits.add(((long) id << 8) | dist));
        Set<Long> set = new HashSet<>(hits);
        if (set.size() != hits.size()) {
            fail("duplicate hits at d=" + d + ": " + hits.size() + " reported, " + set.size() + " distinct");
        }
        return set;
    }

    /** Asserts index results equal brute force for every query; returns the total number of hits. */
    static long assertExact(PdqIndex index, long[] hay, int n, long[] q, int d) {
        long total = 0;
        for (int i = 0; i < q.length / 4; i++) {
            Set<Long> expected = bruteForce(hay, n, q, i, d);
            Set<Long> actual = search(index, q, i, d);
            assertEquals(expected, actual, "query " + i + " at d=" + d + " on " + index);
            total += expected.size();
        }
        return total;
    }
}

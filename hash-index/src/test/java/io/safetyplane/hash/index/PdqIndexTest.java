package io.safetyplane.hash.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdqIndexTest {

    private static final int[] THRESHOLDS = {0, 8, 31, 32, 48, 63};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 1_000, 30_000, 200_000})
    void matchesBruteForceOnRandomDataWithPlantedNearDuplicates(int n) {
        SplittableRandom rnd = new SplittableRandom(1000 + n);
        long[] hay = TestData.withNearDuplicates(n, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 63);
        assertEquals(n, index.size());
        assertEquals(63, index.maxDistance());
        int queries = n >= 100_000 ? 200 : 400;
        for (int d : THRESHOLDS) {
            long[] q = TestData.queries(hay, n, queries, Math.min(63, d + 4), rnd);
            long hits = TestData.assertExact(index, hay, n, q, d);
            if (n > 0) {
                assertTrue(hits >= queries / 4 * (d + 1) / (d + 5), "planted queries should mostly hit, got " + hits);
            }
        }
    }

    @Test
    void indexBuiltForThreshold31ProbesAndIsExact() {
        int n = 200_000;
        SplittableRandom rnd = new SplittableRandom(7);
        long[] hay = TestData.withNearDuplicates(n, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 31);
        assertNotNull(index.probeRadii(31), "200k at 31 should probe chunks, not scan");
        int[] r = index.probeRadii(31);
        int sum = Arrays.stream(r).map(x -> x + 1).sum();
        assertTrue(sum > 31, "pigeonhole bound violated: " + Arrays.toString(r));
        for (int d : new int[] {0, 1, 5, 10, 11, 20, 31}) {
            TestData.assertExact(index, hay, n, TestData.queries(hay, n, 200, 31, rnd), d);
        }
        assertThrows(IllegalArgumentException.class, () -> index.search(0, 0, 0, 0, 32, (i, x) -> { }));
    }

    /** Forces chunk probing (no scan fallback) across table widths, so high thresholds hit the probe path. */
    @ParameterizedTest
    @ValueSource(ints = {6, 8, 11, 16, 24})
    void probePathIsExactAtAllThresholdsAndTableWidths(int tableBits) {
        int n = 3_000;
        SplittableRandom rnd = new SplittableRandom(tableBits);
        long[] hay = TestData.withNearDuplicates(n, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 63, tableBits, true);
        int probed = 0;
        for (int d = 0; d <= 63; d += (d < 12 ? 1 : 5)) {
            if (index.probeRadii(d) != null) {
                probed++;
            }
            TestData.assertExact(index, hay, n, TestData.queries(hay, n, 24, Math.min(63, d + 3), rnd), d);
        }
        TestData.assertExact(index, hay, n, TestData.queries(hay, n, 24, 63, rnd), 63);
        assertTrue(probed > 10, "expected the probe path to be used, got " + probed);
    }

    @Test
    void clusteredDataIsExactAndUsesOverflowLines() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 60_000;
        long[] hay = TestData.clustered(n, 40, 0.05, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 63, -1, true);
        assertTrue(index.overflowLines() > 0, "skewed data should overflow some offset lines: " + index);
        for (int d : THRESHOLDS) {
            TestData.assertExact(index, hay, n, TestData.queries(hay, n, 16, Math.min(63, d + 3), rnd), d);
        }
    }

    @Test
    void moderatelySkewedDataIsExact() {
        SplittableRandom rnd = new SplittableRandom(12);
        int n = 100_000;
        long[] hay = TestData.clustered(n, 1_000, 0.15, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 63);
        for (int d : THRESHOLDS) {
            TestData.assertExact(index, hay, n, TestData.queries(hay, n, 60, Math.min(63, d + 3), rnd), d);
        }
    }

    @Test
    void duplicateHashesAreEachReportedOnce() {
        SplittableRandom rnd = new SplittableRandom(13);
        int n = 5_000;
        long[] hay = TestData.random(n, rnd);
        for (int i = 0; i < 1_600; i++) {
            System.arraycopy(hay, 0, hay, 4 * (1 + 3 * i), 4); // 1,601 copies of entry 0: one bucket > a batch
        }
        for (boolean forceProbe : new boolean[] {false, true}) {
            PdqIndex index = PdqIndex.build(hay, n, 31, -1, forceProbe);
            for (int d : new int[] {0, 8, 31}) {
                Set<Long> hits = TestData.search(index, hay, 0, d);
                assertEquals(TestData.bruteForce(hay, n, hay, 0, d), hits);
                assertTrue(hits.size() >= 1_601);
            }
            if (forceProbe) {
                assertTrue(index.overflowLines() > 0);
            }
        }
    }

    @Test
    void searchFromInsideASinkIsSafe() {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 100_000;
        long[] hay = TestData.withNearDuplicates(n, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 31);
        long[] q = TestData.queries(hay, n, 20, 31, rnd);
        for (int i = 0; i < 20; i++) {
            Set<Long> outer = new HashSet<>();
            Set<Long> inner = new HashSet<>();
            int qi = i;
            index.search(q[4 * qi], q[4 * qi + 1], q[4 * qi + 2], q[4 * qi + 3], 31, (id, d) -> {
                outer.add(((long) id << 8) | d);
                inner.addAll(TestData.search(index, hay, id, 0)); // nested search on the same thread
            });
            assertEquals(TestData.bruteForce(hay, n, q, qi, 31), outer);
            for (long hit : outer) {
                assertTrue(inner.contains((hit >>> 8) << 8), "nested exact search must find the entry itself");
            }
        }
    }

    @Test
    void copiesInputAndReportsMemory() {
        SplittableRandom rnd = new SplittableRandom(14);
        int n = 50_000;
        long[] hay = TestData.random(n + 3, rnd);
        long[] original = hay.clone();
        PdqIndex index = PdqIndex.build(hay, n, 31);
        assertArrayEquals(original, hay, "build must not modify its input");
        Arrays.fill(hay, 0L);
        Set<Long> hits = TestData.search(index, original, 42, 0);
        assertEquals(Set.of((42L << 8)), hits, "index must keep its own copy");
        long bytes = index.memoryBytes();
        assertTrue(bytes >= 32L * n, "memory must include the hash copy");
        assertTrue(bytes <= 110L * n, "memory per hash too high: " + bytes / (double) n);
    }

    @Test
    void tinyIndexesStaySmall() {
        long[] hay = TestData.random(10, new SplittableRandom(15));
        PdqIndex index = PdqIndex.build(hay, 10, 63);
        assertTrue(index.memoryBytes() < 4_096, "10 entries should not allocate big tables: " + index.memoryBytes());
        PdqIndex empty = PdqIndex.build(new long[0], 0, 31);
        assertEquals(0, empty.size());
        empty.search(1, 2, 3, 4, 31, (id, d) -> {
            throw new AssertionError("hit in empty index");
        });
    }

    @Test
    void validatesArguments() {
        long[] hay = new long[40];
        assertThrows(IllegalArgumentException.class, () -> PdqIndex.build(hay, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> PdqIndex.build(hay, 10, 64));
        assertThrows(IllegalArgumentException.class, () -> PdqIndex.build(hay, 11, 31));
        assertThrows(IllegalArgumentException.class, () -> PdqIndex.build(hay, -1, 31));
        assertThrows(NullPointerException.class, () -> PdqIndex.build(null, 0, 31));
        PdqIndex index = PdqIndex.build(hay, 10, 20);
        assertThrows(IllegalArgumentException.class, () -> index.search(0, 0, 0, 0, 21, (i, d) -> { }));
        assertThrows(IllegalArgumentException.class, () -> index.search(0, 0, 0, 0, -1, (i, d) -> { }));
        assertThrows(NullPointerException.class, () -> index.search(0, 0, 0, 0, 5, null));
        Set<Integer> ids = new HashSet<>();
        index.search(0, 0, 0, 0, 0, (id, d) -> ids.add(id));
        assertEquals(10, ids.size(), "all-zero entries all match an all-zero query");
    }

    @Test
    void concurrentSearchesAgree() throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(16);
        int n = 100_000;
        long[] hay = TestData.withNearDuplicates(n, rnd);
        PdqIndex index = PdqIndex.build(hay, n, 31);
        long[] q = TestData.queries(hay, n, 200, 31, rnd);
        Set<Long>[] expected = new Set[200];
        for (int i = 0; i < 200; i++) {
            expected[i] = TestData.search(index, q, i, 31);
        }
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        assertEquals(expected[i], TestData.search(index, q, i, 31));
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(failure[0]);
    }

    /**
     * The index stores its hash copy sorted by one chunk's key and maps positions back to ids: every
     * hit must carry the caller's id, on the probe path and the scan path, with exact duplicates
     * spread over the id range and an input ordered against the sort, and the input must stay untouched.
     */
    @Test
    void reportsCallerIdsAfterReorderingItsCopy() {
        int n = 200_000;
        SplittableRandom rnd = new SplittableRandom(99);
        long[] hay = TestData.withNearDuplicates(n, rnd);
        long[] dup = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
        Set<Integer> dupIds = new HashSet<>();
        for (int id = 7; id < n; id += 4_999) {
            System.arraycopy(dup, 0, hay, 4 * id, 4);
            dupIds.add(id);
        }
        // Reverse the entries so that input order runs against any key order.
        for (int a = 0, b = n - 1; a < b; a++, b--) {
            for (int w = 0; w < 4; w++) {
                long t = hay[4 * a + w];
                hay[4 * a + w] = hay[4 * b + w];
                hay[4 * b + w] = t;
            }
        }
        Set<Integer> reversedDupIds = new HashSet<>();
        for (int id : dupIds) {
            reversedDupIds.add(n - 1 - id);
        }
        long[] before = hay.clone();
        PdqIndex index = PdqIndex.build(hay, n, 63);
        assertArrayEquals(before, hay, "build must not modify the caller's array");
        assertNotNull(index.probeRadii(31), "200k at 31 should probe");
        assertNull(index.probeRadii(63), "200k at 63 should scan");
        for (int d : new int[] {0, 31, 63}) {
            Set<Integer> got = new HashSet<>();
            index.search(dup[0], dup[1], dup[2], dup[3], d, (id, dist) -> {
                if (dist == 0) {
                    assertTrue(got.add(id), "reported twice: " + id);
                }
            });
            assertEquals(reversedDupIds, got, "exact duplicates at d=" + d);
            TestData.assertExact(index, hay, n, TestData.queries(hay, n, 100, Math.min(63, d + 4), rnd), d);
        }
    }
}

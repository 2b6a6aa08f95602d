package io.safetyplane.bench;

import io.safetyplane.hash.index.PdqIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Prints what JMH cannot: build time, index memory, single-thread lookups/s with latency
 * percentiles, and recall against brute force, for uniform and skewed data at threshold 31.
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar io.safetyplane.bench.PdqIndexReport 1000000 10000000
 * </pre>
 * Options (system properties): {@code -Dqueries=10000} query count (half planted with 0..31 flips,
 * half random), {@code -Dbrute=200} queries checked exactly against brute force,
 * {@code -Dskewed=true} also run the skewed sets, {@code -Dprotos=10000} their prototype counts
 * (comma-separated; per-bit flip probability 0.15),
 * {@code -Dthreshold=31}. Every planted query must report its source entry at exactly its flip
 * count; the brute-force sample must match hit for hit. CPU times come from {@link ThreadMXBean}.
 */
public final class PdqIndexReport {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private PdqIndexReport() {
    }

    public static void main(String[] args) {
        int queries = Integer.getInteger("queries", 10_000);
        int brute = Integer.getInteger("brute", 200);
        int threshold = Integer.getInteger("threshold", 31);
        boolean skewed = Boolean.parseBoolean(System.getProperty("skewed", "true"));
        String[] protos = System.getProperty("protos", "10000").split(",");
        if (args.length == 0) {
            args = new String[] {"1000000"};
        }
        System.out.printf(Locale.ROOT, "%s, %d cores, max heap %d MiB, threshold %d, %d queries%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, threshold, queries);
        System.out.println("| data | N | build wall s | build CPU s | bytes/hash | lookups/s (wall) | lookups/s (CPU) "
                + "| p50 µs | p99 µs | mean µs planted / random | hits per planted / random query | planted found | brute-force sample | brute-force scan lookups/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String a : args) {
            int n = Integer.parseInt(a.replace("_", ""));
            run("uniform", PdqWorkload.uniform(n, queries, threshold, 12345), threshold, brute);
            for (int i = 0; skewed && i < protos.length; i++) {
                int p = Integer.parseInt(protos[i].trim());
                run("skewed, " + p + " prototypes, p=0.15", PdqWorkload.skewed(n, p, queries, threshold, 12345), threshold, brute);
            }
        }
    }

    private static void run(String name, PdqWorkload w, int threshold, int brute) {
        System.gc();
        long wall0 = System.nanoTime();
        long cpu0 = MX.getCurrentThreadCpuTime();
        PdqIndex index = PdqIndex.build(w.hashes, w.size, threshold);
        double buildWall = (System.nanoTime() - wall0) / 1e9;
        double buildCpu = (MX.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.err.println(index + " radii@" + threshold + "=" + Arrays.toString(index.probeRadii(threshold)));

        int nq = w.queryCount();
        long[] q = w.queries;
        int[] hitCount = new int[1];
        int[] plantedHit = new int[1];
        PdqIndex.HitSink counter = (id, d) -> hitCount[0]++;
        for (int i = 0; i < Math.min(nq, 3_000); i++) { // warm-up
            index.search(q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], threshold, counter);
        }
        long[] lat = new long[nq];
        long plantedHits = 0;
        long randomHits = 0;
        int plantedFound = 0;
        int planted = 0;
        wall0 = System.nanoTime();
        cpu0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < nq; i++) {
            int src = w.plantedFrom[i];
            int flips = w.plantedFlips[i];
            hitCount[0] = 0;
            plantedHit[0] = 0;
            long t0 = System.nanoTime();
            index.search(q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3], threshold, (id, d) -> {
                hitCount[0]++;
                if (id == src && d == flips) {
                    plantedHit[0]++;
                }
            });
            lat[i] = System.nanoTime() - t0;
            if (src >= 0) {
                planted++;
                plantedHits += hitCount[0];
                plantedFound += plantedHit[0];
            } else {
                randomHits += hitCount[0];
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (MX.getCurrentThreadCpuTime() - cpu0) / 1e9;
        long plantedNanos = 0;
        long randomNanos = 0;
        for (int i = 0; i < nq; i++) {
            if (w.plantedFrom[i] >= 0) {
                plantedNanos += lat[i];
            } else {
                randomNanos += lat[i];
            }
        }
        Arrays.sort(lat);

        // Exact check on a sample (half planted, half random) against a brute-force scan.
        int checked = 0;
        int exact = 0;
        long bruteNanos = 0;
        for (int i = 0; i < Math.min(brute, nq); i++) {
            int qi = i;
            long t0 = System.nanoTime();
            Set<Long> expected = bruteForce(w, qi, threshold);
            bruteNanos += System.nanoTime() - t0;
            Set<Long> actual = new HashSet<>();
            int[] calls = new int[1];
            index.search(q[4 * qi], q[4 * qi + 1], q[4 * qi + 2], q[4 * qi + 3], threshold, (id, d) -> {
                calls[0]++;
                actual.add(((long) id << 8) | d);
            });
            checked++;
            if (expected.equals(actual) && calls[0] == actual.size()) {
                exact++;
            }
        }
        System.out.printf(Locale.ROOT,
                "| %s | %,d | %.2f | %.2f | %.1f | %,.0f | %,.0f | %.0f | %.0f | %.0f / %.0f | %.2f / %.4f | %d/%d | %d/%d exact | %,.0f |%n",
                name, w.size, buildWall, buildCpu, index.memoryBytes() / (double) w.size, nq / wall, nq / cpu,
                lat[nq / 2] / 1e3, lat[(int) (nq * 0.99)] / 1e3, plantedNanos / 1e3 / Math.max(1, planted),
                randomNanos / 1e3 / Math.max(1, nq - planted), plantedHits / (double) planted,
                randomHits / (double) Math.max(1, nq - planted), plantedFound, planted, exact, checked,
                checked / (bruteNanos / 1e9));
        if (plantedFound != planted || exact != checked) {
            System.out.println("RECALL FAILURE in " + name);
            System.exit(1);
        }
    }

    private static Set<Long> bruteForce(PdqWorkload w, int qi, int threshold) {
        long[] h = w.hashes;
        long q0 = w.queries[4 * qi];
        long q1 = w.queries[4 * qi + 1];
        long q2 = w.queries[4 * qi + 2];
        long q3 = w.queries[4 * qi + 3];
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < w.size; i++) {
            int d = Long.bitCount(h[4 * i] ^ q0) + Long.bitCount(h[4 * i + 1] ^ q1)
                    + Long.bitCount(h[4 * i + 2] ^ q2) + Long.bitCount(h[4 * i + 3] ^ q3);
            if (d <= threshold) {
                out.add(((long) i << 8) | d);
            }
        }
        return out;
    }
}

package io.safetyplane.bench;

import io.safetyplane.hash.index.PdqIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-query lookup throughput of {@link PdqIndex} at threshold 31.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar PdqIndexBenchmark -p size=1000000,10000000 -p dataset=uniform,skewed
 * </pre>
 * {@code mixed} cycles through 10,000 queries (even: planted near-duplicates with 0..31 flips, odd:
 * random); {@code planted} and {@code random} use only one half. Each operation is one lookup.
 * Build time, memory and recall are printed by {@link PdqIndexReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"})
public class PdqIndexBenchmark {

    @Param({"1000000"})
    public int size;

    /** {@code uniform} random hashes, or {@code skewed}: 10,000 prototypes, per-bit flip probability 0.15. */
    @Param({"uniform"})
    public String dataset;

    @Param({"31"})
    public int threshold;

    private static final int QUERIES = 10_000;

    private PdqIndex index;
    private long[] queries;
    private long[] pad;

    @Setup(Level.Trial)
    public void setUp() {
        PdqWorkload w = "skewed".equals(dataset)
                ? PdqWorkload.skewed(size, 10_000, QUERIES, threshold, 12345)
                : PdqWorkload.uniform(size, QUERIES, threshold, 12345);
        // Diagnostic: -Dpdq.bench.pad=K (via -jvmArgsAppend) shifts where the index arrays land, to
        // expose run-to-run effects of their (uncontrollable) cache-line alignment.
        pad = new long[Integer.getInteger("pdq.bench.pad", 0)];
        index = PdqIndex.build(w.hashes, w.size, threshold);
        queries = w.queries;
    }

    /**
     * Per-thread cursor over the query set, plus a reusable hit counter (no per-lookup allocation,
     * as in {@link PdqIndexReport}). Also prints each iteration's lookups per second of this
     * thread's CPU time, which is the robust figure on a shared machine.
     */
    @State(Scope.Thread)
    public static class Cursor implements PdqIndex.HitSink {
        private static final java.lang.management.ThreadMXBean MX =
                java.lang.management.ManagementFactory.getThreadMXBean();
        int next;
        int hits;
        long idSum;
        long ops;
        long cpu0;
        long wall0;

        @Override
        public void hit(int id, int distance) {
            hits++;
            idSum += id + distance;
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            ops = 0;
            cpu0 = MX.getCurrentThreadCpuTime();
            wall0 = System.nanoTime();
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            double cpu = (MX.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "  [%,d lookups: %,.0f/s wall, %,.0f/s thread CPU]%n",
                    ops, ops / wall, ops / cpu);
        }

        int take(int parity) {
            int i = next;
            next = (i + 2) % QUERIES;
            return ((i & ~1) | parity) % QUERIES;
        }

        int takeAny() {
            int i = next;
            next = (i + 1) % QUERIES;
            return i;
        }
    }

    /** One exact lookup of query {@code qi}; returns its hit count (consumed by JMH). */
    private int lookup(int qi, Cursor c) {
        long[] q = queries;
        c.hits = 0;
        c.ops++;
        index.search(q[4 * qi], q[4 * qi + 1], q[4 * qi + 2], q[4 * qi + 3], threshold, c);
        return c.hits;
    }

    @Benchmark
    public int mixed(Cursor c) {
        return lookup(c.takeAny(), c);
    }

    @Benchmark
    public int planted(Cursor c) {
        return lookup(c.take(0), c);
    }

    @Benchmark
    public int random(Cursor c) {
        return lookup(c.take(1), c);
    }
}

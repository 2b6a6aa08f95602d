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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

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
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"})
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

    @Setup(Level.Trial)
    public void setUp() {
        PdqWorkload w = "skewed".equals(dataset)
                ? PdqWorkload.skewed(size, 10_000, QUERIES, threshold, 12345)
                : PdqWorkload.uniform(size, QUERIES, threshold, 12345);
        index = PdqIndex.build(w.hashes, w.size, threshold);
        queries = w.queries;
    }

    /** Per-thread cursor over the query set. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

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

    private int lookup(int qi, Blackhole bh) {
        long[] q = queries;
        int[] hits = new int[1];
        index.search(q[4 * qi], q[4 * qi + 1], q[4 * qi + 2], q[4 * qi + 3], threshold, (id, d) -> {
            hits[0]++;
            bh.consume(id);
        });
        return hits[0];
    }

    @Benchmark
    public int mixed(Cursor c, Blackhole bh) {
        return lookup(c.takeAny(), bh);
    }

    @Benchmark
    public int planted(Cursor c, Blackhole bh) {
        return lookup(c.take(0), bh);
    }

    @Benchmark
    public int random(Cursor c, Blackhole bh) {
        return lookup(c.take(1), bh);
    }
}

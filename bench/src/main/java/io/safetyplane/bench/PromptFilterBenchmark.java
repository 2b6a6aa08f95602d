package io.safetyplane.bench;

import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.engine.TenantFilter;
import io.safetyplane.filter.engine.Verdict;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The whole prompt pipeline in process, single-threaded: validation, normalised views, lexicon
 * automata, ages, rules and the verdict. The workload is every prompt of the evaluation set (block
 * and pass, all languages and evasion techniques), shuffled, one prompt per operation. Run
 * {@code throughput} for prompts/s per core and {@code latency} (sample mode) for p50/p99.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
public class PromptFilterBenchmark {

    @Param({"filter-engine/src/test/resources/evaluation"})
    public String dir;

    private TenantFilter filter;
    private String[] prompts;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        filter = PromptFilter.standard().global();
        List<String> all = new ArrayList<>();
        for (String file : new String[]{"block.tsv", "pass.tsv"}) {
            List<String> lines = Files.readAllLines(Path.of(dir, file), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length == 4) {
                    all.add(f[3]);
                }
            }
        }
        Collections.shuffle(all, new Random(1));
        prompts = all.toArray(String[]::new);
    }

    private String nextPrompt() {
        String p = prompts[next];
        next = next + 1 == prompts.length ? 0 : next + 1;
        return p;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict throughput() {
        return filter.check(nextPrompt());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Verdict latency() {
        return filter.check(nextPrompt());
    }
}

package io.safetyplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import org.openjdk.jmh.infra.Blackhole;

import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.pdq.PdqHasher;
import io.safetyplane.pdq.PdqResult;

/**
 * Single-threaded decode + PDQ (with the eight dihedrals) over every image under {@code dir}, for
 * example {@code -p dir=../shared/pdq-vectors/data}. {@code directory} reports the time to hash
 * the whole directory once (divide the image count by it for images/s); {@code oneStep} is the
 * hash-service's path, {@code decodeThenHash} decodes at full resolution first. Files are read
 * into memory in setup, so no file I/O is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx2g" })
@Threads(1)
public class PdqHashingBenchmark {

    @Param({ "../shared/pdq-vectors/data" })
    public String dir;

    private final MediaDecoder decoder = new MediaDecoder(MediaLimits.defaults());
    private final PdqHasher hasher = new PdqHasher();
    private List<byte[]> files;
    private byte[] largest;

    @Setup(Level.Trial)
    public void load() throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            paths = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp|webp)$"))
                    .sorted().toList();
        }
        if (paths.isEmpty()) {
            throw new IllegalStateException("no image files under " + dir);
        }
        files = new ArrayList<>();
        largest = new byte[0];
        for (Path p : paths) {
            byte[] b = Files.readAllBytes(p);
            files.add(b);
            if (b.length > largest.length) {
                largest = b;
            }
        }
        System.out.printf("%n%d images under %s%n", files.size(), dir);
    }

    /** Hashes every image of the directory once, the way the hash-service does. */
    @Benchmark
    public void directoryOneStep(Blackhole bh) throws MediaRejectedException {
        for (byte[] f : files) {
            bh.consume(hasher.hash(f, decoder));
        }
    }

    /** Hashes every image of the directory once, decoding at full resolution first. */
    @Benchmark
    public void directoryDecodeThenHash(Blackhole bh) throws MediaRejectedException {
        for (byte[] f : files) {
            bh.consume(hasher.hash(decoder.decode(f)));
        }
    }

    /** The largest file (a 12 MP JPEG in the PDQ vectors). */
    @Benchmark
    public PdqResult largestOneStep() throws MediaRejectedException {
        return hasher.hash(largest, decoder);
    }
}

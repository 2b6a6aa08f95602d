package io.safetyplane.pdq;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import io.safetyplane.media.MediaRejectedException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Manual single-thread throughput measurement of decode + PDQ hash (not a test; no assertions). Usage:
 * {@code java -cp <test classpath> io.safetyplane.pdq.HashingThroughput [dir] [passes] [mode]} where dir defaults
 * to {@code /work/shared/pdq-vectors/data} and mode is {@code bytes} (PdqHasher.hash(byte[], MediaDecoder), the
 * fast path), {@code full} (MediaDecoder.decode + PdqHasher.hash(DecodedImage)) or {@code both}. Reports wall and
 * CPU time of the current thread, median over passes after a warm-up, plus per-image times for the largest file.
 */
public final class HashingThroughput {

    private HashingThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/pdq-vectors/data");
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String mode = args.length > 2 ? args[2] : "both";
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|gif|bmp|webp)$"))
                    .sorted().toList();
        }
        List<byte[]> files = new ArrayList<>();
        int largest = 0;
        for (Path p : paths) {
            files.add(Files.readAllBytes(p));
            if (Files.size(p) > Files.size(paths.get(largest))) {
                largest = files.size() - 1;
            }
        }
        MediaDecoder decoder = new MediaDecoder(MediaLimits.defaults());
        PdqHasher hasher = new PdqHasher();
        System.out.printf("%d files from %s; largest %s (%d bytes)%n", files.size(), dir, paths.get(largest),
                files.get(largest).length);
        for (String m : mode.equals("both") ? List.of("full", "bytes") : List.of(mode)) {
            run(m, files, largest, decoder, hasher, passes);
        }
    }

    private static PdqResult once(String mode, byte[] f, MediaDecoder decoder, PdqHasher hasher)
            throws MediaRejectedException {
        if (mode.equals("full")) {
            DecodedImage img = decoder.decode(f);
            return hasher.hash(img);
        }
        return hasher.hash(f, decoder);
    }

    private static void run(String mode, List<byte[]> files, int largest, MediaDecoder decoder, PdqHasher hasher,
            int passes) throws IOException, MediaRejectedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) { // warm-up
            for (byte[] f : files) {
                once(mode, f, decoder, hasher);
            }
        }
        double[] wall = new double[passes];
        double[] cpu = new double[passes];
        for (int i = 0; i < passes; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (byte[] f : files) {
                once(mode, f, decoder, hasher);
            }
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        int reps = Math.max(5, passes);
        double[] lw = new double[reps];
        double[] lc = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            once(mode, files.get(largest), decoder, hasher);
            lw[i] = (System.nanoTime() - t0) / 1e6;
            lc[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        int n = files.size();
        System.out.printf(Locale.ROOT, "[%s] %d images x %d passes: median wall %.3f s = %.1f images/s,"
                + " median cpu %.3f s = %.1f images/s (cpu); largest: median wall %.1f ms, cpu %.1f ms%n", mode,
                n, passes, median(wall), n / median(wall), median(cpu), n / median(cpu), median(lw), median(lc));
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

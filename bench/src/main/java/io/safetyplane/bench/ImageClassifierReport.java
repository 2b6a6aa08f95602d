package io.safetyplane.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.safetyplane.bench.ClassifierImages.Image;
import io.safetyplane.classifier.config.ClassifierConfig.Layout;
import io.safetyplane.classifier.config.ClassifierConfig.Resize;
import io.safetyplane.classifier.inference.Batcher;
import io.safetyplane.classifier.inference.OnnxModel;
import io.safetyplane.classifier.model.Action;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.classifier.model.Rule;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.classifier.preprocess.Preprocessor;
import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;

/**
 * Image classifier throughput and the default thresholds' effect on benign images (docs/benchmarks.md,
 * "Image classifier"). Everything runs through the classifier-service's own classes: the media
 * module's {@link MediaDecoder} with the service's default limits, {@link Preprocessor#toTensor},
 * {@link OnnxModel#run}, the service's {@link Batcher} and {@link ModelSpec#decide}; the model and its
 * thresholds are read from the service's own {@code application.properties} and the
 * classifier-models jar.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.safetyplane.bench.ImageClassifierReport [options]
 *   --provider cpu|cuda     execution provider (cuda needs the -Pgpu build and CUDA 12 + cuDNN)
 *   --threads N             intra-op threads per run (default: the service's, 1)
 *   --workers N             Batcher workers, and raw ORT loops in parallel (default: the service's for the provider)
 *   --max-wait MS           Batcher wait for company (default: the service's for the provider)
 *   --seconds S             measuring time per figure (default 10; warm-up S/3)
 *   --batches 1,8,16        batch sizes
 *   --clients 1,2,16        concurrent callers for the service path (decode + preprocess + Batcher)
 *   --model ID              registry model (default: the service's default model)
 *   --write-images DIR      write the benchmark image set (and DIR/benign/) for the nsfwjs comparison, then exit
 *   --skip-throughput       only the benign-set table
 *   --skip-benign           only the throughput figures
 *   --out FILE              also write the report to FILE
 * </pre>
 */
public final class ImageClassifierReport {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "bench");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (a.equals("--skip-throughput") || a.equals("--skip-benign")) {
                opt.put(a.substring(2), "true");
            } else {
                opt.put(a.substring(2), args[++i]);
            }
        }
        if (opt.containsKey("write-images")) {
            writeImages(Path.of(opt.get("write-images")));
            return;
        }
        String provider = opt.getOrDefault("provider", "cpu");
        boolean gpu = provider.equals("cuda");
        int threads = Integer.parseInt(opt.getOrDefault("threads", "1"));
        ImageClassifierReport.threads = threads;
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "10"));
        int[] batches = ints(opt.getOrDefault("batches", "1,8,16"));
        int[] clients = ints(opt.getOrDefault("clients", "1,2,16"));

        Properties props = serviceProperties();
        workers = opt.containsKey("workers") ? Integer.parseInt(opt.get("workers")) : Batcher.defaultWorkers(gpu);
        maxBatch = Integer.parseInt(props.getProperty("classifier-service.batching.max-batch-size"));
        maxWait = opt.containsKey("max-wait") ? Duration.ofMillis(Long.parseLong(opt.get("max-wait"))) : Batcher.defaultMaxWait(gpu);
        String modelId = opt.getOrDefault("model", props.getProperty("classifier-service.default-model"));
        ModelSpec spec = spec(props, modelId);
        byte[] onnx = read(spec.path());

        StringBuilder report = new StringBuilder();
        PrintStream out = new PrintStream(System.out, true);
        java.util.function.Consumer<String> line = s -> {
            out.println(s);
            report.append(s).append('\n');
        };
        line.accept(String.format(Locale.ROOT, "# image classifier: model %s (%s@%s, %dx%d), provider %s, %d intra-op threads, "
                + "%d batch workers, %d processors, Java %s, ONNX Runtime providers %s", spec.id(), spec.name(), spec.version(),
                spec.width(), spec.height(), provider, threads, workers, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                OrtEnvironment.getAvailableProviders()));
        line.accept("# load average at start: " + loadAverage());

        try (OrtSession.SessionOptions options = sessionOptions(threads, provider);
                OnnxModel model = OnnxModel.load(spec, onnx, ENV, options, provider)) {
            if (!opt.containsKey("skip-throughput")) {
                throughput(spec, model, batches, clients, seconds, line);
            }
            if (!opt.containsKey("skip-benign")) {
                benign(spec, model, line);
            }
        }
        line.accept("# load average at end: " + loadAverage());
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), report);
        }
        System.exit(0); // the Batcher's workers are daemon threads, ONNX Runtime's pools are native
    }

    /** The classifier-service's session settings ({@link OnnxModel#sessionOptions}); CUDA on device 0 when asked. */
    static OrtSession.SessionOptions sessionOptions(int threads, String provider) throws OrtException {
        OrtSession.SessionOptions options = OnnxModel.sessionOptions(threads);
        if (provider.equals("cuda")) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                throw new IllegalStateException("--provider cuda: this ONNX Runtime build has only "
                        + OrtEnvironment.getAvailableProviders() + " (build the bench with -Pgpu)");
            }
            options.addCUDA(0); // fails loudly without a driver or the CUDA 12 runtime: no silent CPU figures
        } else if (!provider.equals("cpu")) {
            throw new IllegalArgumentException("--provider cpu|cuda");
        }
        return options;
    }

    // --- throughput ------------------------------------------------------------------------------

    private static void throughput(ModelSpec spec, OnnxModel model, int[] batches, int[] clients, double seconds,
            java.util.function.Consumer<String> line) throws Exception {
        MediaDecoder decoder = new MediaDecoder(new MediaLimits(33554432, 50_000_000, Duration.ofSeconds(10)));
        List<Image> images = ClassifierImages.benchmarkSet();
        int size = spec.inputSize();
        long jpegBytes = images.stream().filter(i -> i.name().endsWith(".jpg")).mapToLong(i -> i.bytes().length).sum();
        long pngBytes = images.stream().filter(i -> i.name().endsWith(".png")).mapToLong(i -> i.bytes().length).sum();
        line.accept(String.format(Locale.ROOT, "# image set: %d images 512x512 (12 JPEG q0.85, %d KB in all; 4 PNG, %d KB in all)",
                images.size(), jpegBytes / 1024, pngBytes / 1024));

        // the preprocessed tensors of every image, once: the raw figures run the model on exactly these
        float[][] tensors = new float[images.size()][];
        for (int i = 0; i < images.size(); i++) {
            tensors[i] = new float[size];
            Preprocessor.toTensor(decoder.decode(images.get(i).bytes()), spec, tensors[i], 0);
        }

        // warm up the decoders, the resize and the JIT before any figure is taken
        float[] warmup = new float[size];
        long warmEnd = System.nanoTime() + (long) (Math.max(2, seconds / 2) * 1e9);
        for (int k = 0; System.nanoTime() < warmEnd; k++) {
            Preprocessor.toTensor(decoder.decode(images.get(k % images.size()).bytes()), spec, warmup, 0);
        }
        // stage costs, one thread
        double decodeMs = perImage(seconds / 2, images.size(), k -> decoder.decode(images.get(k).bytes()));
        DecodedImage[] decoded = new DecodedImage[images.size()];
        for (int i = 0; i < images.size(); i++) {
            decoded[i] = decoder.decode(images.get(i).bytes());
        }
        float[] scratch = new float[size];
        double prepMs = perImage(seconds / 2, images.size(), k -> Preprocessor.toTensor(decoded[k], spec, scratch, 0));
        double jpegMs = perImage(seconds / 2, 12, k -> decoder.decode(images.get(k).bytes()));
        double pngMs = perImage(seconds / 2, 4, k -> decoder.decode(images.get(12 + k).bytes()));
        line.accept(String.format(Locale.ROOT, "# one thread: decode %.2f ms/image (JPEG %.2f, PNG %.2f), resize + normalise %.2f ms/image",
                decodeMs, jpegMs, pngMs, prepMs));

        line.accept("");
        line.accept(String.format(Locale.ROOT, "| batch | raw ORT images/s (%d worker%s) | CPU ms/image | end to end images/s (callers) "
                + "| mean batch | CPU ms/image | end to end / raw |", workers, workers == 1 ? "" : "s"));
        line.accept("|---|---|---|---|---|---|---|");
        for (int b : batches) {
            // raw: ONNX Runtime alone, `workers` threads running one session on the preprocessed tensors, batches cycling through the set
            List<OnnxTensor> raw = new ArrayList<>();
            for (int start = 0; start < images.size(); start += b) {
                FloatBuffer t = ByteBuffer.allocateDirect(b * size * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int j = 0; j < b; j++) {
                    t.put(tensors[(start + j) % images.size()]);
                }
                t.flip();
                long[] shape = spec.layout() == Layout.NHWC ? new long[] { b, spec.height(), spec.width(), 3 }
                        : new long[] { b, 3, spec.height(), spec.width() };
                raw.add(OnnxTensor.createTensor(ENV, t, shape));
            }
            Rate rawRate;
            try (OrtSession session = rawSession(spec, model)) {
                String input = session.getInputNames().iterator().next();
                rawRate = concurrent(seconds, workers, b, (worker, k) -> {
                    try (OrtSession.Result r = session.run(Map.of(input, raw.get((worker * 7 + k) % raw.size())))) {
                        r.get(0);
                    }
                }, () -> {
                });
            }
            raw.forEach(OnnxTensor::close);
            // end to end as the service runs it: callers decode and preprocess, the Batcher's workers infer batches of up to b
            int callers = workers * (b + 1);
            ServicePath path = servicePath(spec, model, images, decoder, callers, b, seconds);
            line.accept(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f (%d) | %.1f | %.2f | %.0f%% |", b, rawRate.perSecond(),
                    rawRate.cpuMsPerItem(), path.rate().perSecond(), callers, path.meanBatch(), path.rate().cpuMsPerItem(),
                    100 * path.rate().perSecond() / rawRate.perSecond()));
        }

        line.accept("");
        line.accept(String.format(Locale.ROOT, "| service path: callers (batches of up to %d, %d ms) | images/s | mean batch | CPU ms/image |",
                maxBatch, maxWait.toMillis()));
        line.accept("|---|---|---|---|");
        for (int c : clients) {
            ServicePath path = servicePath(spec, model, images, decoder, c, maxBatch, seconds);
            line.accept(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2f |", c, path.rate().perSecond(), path.meanBatch(),
                    path.rate().cpuMsPerItem()));
        }
    }

    record ServicePath(Rate rate, double meanBatch) {
    }

    /** {@code callers} threads each decode, preprocess and submit one image at a time to a Batcher of the service's settings. */
    private static ServicePath servicePath(ModelSpec spec, OnnxModel model, List<Image> images, MediaDecoder decoder, int callers,
            int batch, double seconds) throws Exception {
        AtomicLong batchesRun = new AtomicLong();
        AtomicLong itemsRun = new AtomicLong();
        // the Batcher owns (and closes) its model, as in the service: a session of its own, same settings
        OnnxModel own;
        try (OrtSession.SessionOptions options = sessionOptions(threads, model.provider())) {
            own = OnnxModel.load(spec, read(spec.path()), ENV, options, model.provider());
        }
        Batcher batcher = new Batcher(own, batch, maxWait, Math.max(64, callers), workers, (n, nanos) -> {
            batchesRun.incrementAndGet();
            itemsRun.addAndGet(n);
        });
        int size = spec.inputSize();
        Rate rate = concurrent(seconds, callers, 1, (caller, k) -> {
            Image img = images.get((caller * 7 + k) % images.size());
            float[] in = new float[size];
            Preprocessor.toTensor(decoder.decode(img.bytes()), spec, in, 0);
            CompletableFuture<Batcher.Result> f = batcher.submit(in);
            spec.decide(f.join().scores());
        }, () -> {
            batchesRun.set(0);
            itemsRun.set(0);
        });
        batcher.close();
        return new ServicePath(rate, batchesRun.get() == 0 ? 0 : (double) itemsRun.get() / batchesRun.get());
    }

    /** A second session of the same model with the same settings, driven directly (no OnnxModel). */
    private static OrtSession rawSession(ModelSpec spec, OnnxModel model) throws OrtException {
        try (OrtSession.SessionOptions options = sessionOptions(threads, model.provider())) {
            return ENV.createSession(read(spec.path()), options);
        }
    }

    /** Intra-op threads of every session (--threads), the Batcher's workers and wait (--workers, --max-wait, else the service's). */
    private static int threads;
    private static int workers;
    private static int maxBatch;
    private static Duration maxWait;

    interface Step {
        void run(int k) throws Exception;
    }

    interface CallerStep {
        void run(int caller, int k) throws Exception;
    }

    record Rate(double perSecond, double cpuMsPerItem) {
    }

    private static double perImage(double seconds, int n, Step step) throws Exception {
        return 1000.0 / measure(seconds, 1, k -> step.run(k % n)).perSecond();
    }

    /** Runs step (items per call) for a third of the time as warm-up, then for the time; wall rate and process CPU per item. */
    private static Rate measure(double seconds, int items, Step step) throws Exception {
        long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
        int k = 0;
        while (System.nanoTime() < warm) {
            step.run(k++);
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long calls = 0;
        while (System.nanoTime() < end) {
            step.run(k++);
            calls++;
        }
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        double n = (double) calls * items;
        return new Rate(n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e6 / n);
    }

    /** {@code callers} threads repeat step ({@code items} per call): a third of the time as warm-up, then the time. */
    private static Rate concurrent(double seconds, int callers, int items, CallerStep step, Runnable afterWarmup) throws Exception {
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong done = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                try {
                    for (int k = 0; !stop.get(); k++) {
                        step.run(caller, k);
                        if (counting.get()) {
                            done.addAndGet(items);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "caller-" + c);
            t.start();
            threads.add(t);
        }
        Thread.sleep((long) (seconds / 3 * 1000));
        afterWarmup.run();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        counting.set(true);
        Thread.sleep((long) (seconds * 1000));
        counting.set(false);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        long n = done.get();
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a caller failed", failures.get(0));
        }
        return new Rate(n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e6 / n);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    // --- benign set --------------------------------------------------------------------------------

    private static void benign(ModelSpec spec, OnnxModel model, java.util.function.Consumer<String> line) throws Exception {
        MediaDecoder decoder = new MediaDecoder(new MediaLimits(33554432, 50_000_000, Duration.ofSeconds(10)));
        List<Image> images = ClassifierImages.benignSet();
        FloatBuffer buf = ByteBuffer.allocateDirect(spec.inputSize() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] item = new float[spec.inputSize()];
        Map<String, EnumMap<Action, Integer>> counts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> tops = new LinkedHashMap<>();
        Map<String, float[]> worst = new LinkedHashMap<>(); // per kind: max explicit score, max Sexy score
        Map<String, String> worstName = new LinkedHashMap<>();
        int porn = spec.labels().indexOf("Porn");
        int hentai = spec.labels().indexOf("Hentai");
        int sexy = spec.labels().indexOf("Sexy");
        for (String kind : ClassifierImages.BENIGN_KINDS) {
            EnumMap<Action, Integer> m = new EnumMap<>(Action.class);
            for (Action a : Action.values()) {
                m.put(a, 0);
            }
            counts.put(kind, m);
            tops.put(kind, new TreeMap<>());
            worst.put(kind, new float[2]);
        }
        for (Image img : images) {
            Preprocessor.toTensor(decoder.decode(img.bytes()), spec, item, 0);
            buf.clear();
            buf.put(item);
            float[] s = model.run(buf, 1)[0];
            Verdict v = spec.decide(s);
            counts.get(img.kind()).merge(v.decision(), 1, Integer::sum);
            int top = 0;
            for (int i = 1; i < s.length; i++) {
                if (s[i] > s[top]) {
                    top = i;
                }
            }
            tops.get(img.kind()).merge(spec.labels().get(top), 1, Integer::sum);
            float explicit = (porn >= 0 ? s[porn] : 0) + (hentai >= 0 ? s[hentai] : 0);
            float[] w = worst.get(img.kind());
            if (explicit > w[0]) {
                w[0] = explicit;
                worstName.put(img.kind(), img.name());
            }
            w[1] = Math.max(w[1], sexy >= 0 ? s[sexy] : 0);
        }
        line.accept("");
        line.accept(String.format(Locale.ROOT, "# benign set: %d images, model %s, rules %s", images.size(), spec.id(),
                spec.rules().stream().map(r -> r.name() + " " + r.labels() + " review " + r.review() + " block " + r.block()).toList()));
        line.accept("");
        line.accept("| kind | images | allow | review | block | top label | highest Porn+Hentai (image) | highest Sexy |");
        line.accept("|---|---|---|---|---|---|---|---|");
        int[] total = new int[3];
        for (String kind : ClassifierImages.BENIGN_KINDS) {
            EnumMap<Action, Integer> m = counts.get(kind);
            int allow = m.get(Action.ALLOW), review = m.get(Action.REVIEW), block = m.get(Action.BLOCK);
            total[0] += allow;
            total[1] += review;
            total[2] += block;
            StringBuilder t = new StringBuilder();
            tops.get(kind).forEach((label, n) -> t.append(t.length() == 0 ? "" : ", ").append(label).append(' ').append(n));
            float[] w = worst.get(kind);
            line.accept(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %.3f (%s) | %.3f |", kind, allow + review + block,
                    allow, review, block, t, w[0], worstName.getOrDefault(kind, "-"), w[1]));
        }
        line.accept(String.format(Locale.ROOT, "| all | %d | %d | %d | %d | | | |", images.size(), total[0], total[1], total[2]));
    }

    // --- the service's registry configuration --------------------------------------------------------

    /** The classifier-service's own application.properties (from its jar on the classpath). */
    static Properties serviceProperties() throws IOException {
        for (URL url : Collections.list(ImageClassifierReport.class.getClassLoader().getResources("application.properties"))) {
            Properties p = new Properties();
            try (InputStream in = url.openStream()) {
                p.load(in);
            }
            if (p.getProperty("classifier-service.default-model") != null) {
                return p;
            }
        }
        throw new IllegalStateException("the classifier-service's application.properties is not on the classpath");
    }

    /** A registry model as the service configures it (the keys of docs/classifier-service.md, "Models and thresholds"). */
    static ModelSpec spec(Properties p, String id) {
        String k = "classifier-service.models." + id + ".";
        if (p.getProperty(k + "path") == null) {
            throw new IllegalArgumentException("no model " + id + " in the classifier-service's configuration");
        }
        List<String> labels = List.of(p.getProperty(k + "labels").split(","));
        List<Rule> rules = new ArrayList<>();
        for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            if (key.startsWith(k + "rules.") && key.endsWith(".labels")) {
                String name = key.substring((k + "rules.").length(), key.length() - ".labels".length());
                String rk = k + "rules." + name + ".";
                List<String> rl = List.of(p.getProperty(key).split(","));
                int[] idx = rl.stream().mapToInt(labels::indexOf).toArray();
                rules.add(new Rule(name, rl, idx, dbl(p.getProperty(rk + "review")), dbl(p.getProperty(rk + "block")),
                        p.getProperty(rk + "category", "sexual")));
            }
        }
        float[] mean = floats(p.getProperty(k + "input.mean", "0,0,0"));
        float[] std = floats(p.getProperty(k + "input.std", "1,1,1"));
        return new ModelSpec(id, p.getProperty(k + "name", id), p.getProperty(k + "version"), p.getProperty(k + "path"),
                Optional.ofNullable(p.getProperty(k + "card")), labels, Optional.ofNullable(p.getProperty(k + "input.name")),
                Integer.parseInt(p.getProperty(k + "input.width")), Integer.parseInt(p.getProperty(k + "input.height")),
                Layout.valueOf(p.getProperty(k + "input.layout", "nhwc").toUpperCase(Locale.ROOT)),
                Resize.valueOf(p.getProperty(k + "input.resize", "bilinear-align-corners").toUpperCase(Locale.ROOT).replace('-', '_')),
                mean, std, Boolean.parseBoolean(p.getProperty(k + "softmax", "false")), List.copyOf(rules));
    }

    private static double dbl(String s) {
        return s == null ? Double.NaN : Double.parseDouble(s);
    }

    private static float[] floats(String s) {
        String[] parts = s.split(",");
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            f[i] = Float.parseFloat(parts[i].trim());
        }
        return f;
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    }

    static byte[] read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = ImageClassifierReport.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("no classpath resource " + resource);
                    }
                    return in.readAllBytes();
                }
            }
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + ": " + e, e);
        }
    }

    private static void writeImages(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("benign"));
        for (Image img : ClassifierImages.benchmarkSet()) {
            Files.write(dir.resolve(img.name()), img.bytes());
        }
        for (Image img : ClassifierImages.benignSet()) {
            Files.write(dir.resolve("benign").resolve(img.name()), img.bytes());
        }
        System.out.println("wrote the benchmark set (16 images) to " + dir + " and the benign set (250) to " + dir.resolve("benign"));
    }
}

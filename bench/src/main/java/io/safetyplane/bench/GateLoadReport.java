package io.safetyplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The before-generation gate under load (docs/benchmarks.md, "Before-generation gate under load"): closed-loop clients
 * send {@code POST /v1/requests:screen} to a running plane ({@code bin/safety-plane up}) for a fixed time after a
 * warm-up, and the report gives requests per second and latency percentiles per scenario.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.safetyplane.bench.GateLoadReport [options]
 *   --gate URL          the filter-service (default http://127.0.0.1:8081)
 *   --scenarios LIST    prompt, image or both, comma-separated (default prompt,image)
 *   --clients N         concurrent clients, each with one request in flight (default 16)
 *   --warmup SECONDS    unmeasured load first (default 15)
 *   --seconds SECONDS   measured load (default 30)
 *   --image FILE        the init image of the image scenario (default demo/images/unrelated.png)
 *   --accounts N        distinct accounts the requests come from (default 1000)
 * </pre>
 *
 * Scenarios: {@code prompt}: a prompt alone (standing, then the prompt check); {@code image}: a prompt with an init
 * image (standing, prompt, and in parallel the hash match and the classification). Every request has its own request
 * id, comes from one of {@code --accounts} accounts ({@code load-N} of tenant {@code self-serve}), and is allowed, so each measures the full
 * path. A response other than 200 counts as an error and is reported.
 */
public final class GateLoadReport {
    private static final String[] PROMPTS = { "a watercolor painting of a lighthouse at dawn", "a red fox in fresh snow, studio lighting",
            "an isometric city block at night with neon signs", "a bowl of ramen, overhead shot, 35mm film",
            "portrait of an astronaut reading a book in a library", "a mountain lake in autumn, long exposure" };

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args);
        URI gate = URI.create(o.getOrDefault("gate", "http://127.0.0.1:8081")).resolve("/v1/requests:screen");
        List<String> scenarios = List.of(o.getOrDefault("scenarios", "prompt,image").split(","));
        int clients = Integer.parseInt(o.getOrDefault("clients", "16"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "15")));
        Duration measured = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30")));
        byte[] image = Files.readAllBytes(Path.of(o.getOrDefault("image", "demo/images/unrelated.png")));
        int accounts = Integer.parseInt(o.getOrDefault("accounts", "1000"));

        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s; gate %s; %d clients; warm-up %ds, measured %ds%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"), gate,
                clients, warmup.toSeconds(), measured.toSeconds());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        for (String scenario : scenarios) {
            Load load = switch (scenario.strip()) {
                case "prompt" -> new Load(http, gate, null, accounts);
                case "image" -> new Load(http, gate, image, accounts);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario + "; prompt or image");
            };
            load.run(clients, warmup);
            Result r = load.run(clients, measured);
            System.out.printf(Locale.ROOT, "%-7s %8.1f requests/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%d requests, %d errors%s)%n",
                    scenario.strip(), r.throughput(), r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100), r.count(),
                    r.errors().values().stream().mapToLong(Long::longValue).sum(), r.errors().isEmpty() ? "" : ": " + r.errors());
        }
        System.exit(0);
    }

    /** Latencies of one measured run, in nanoseconds. */
    record Result(long[] latencies, int count, Duration elapsed, Map<String, Long> errors) {
        double throughput() {
            return count / (elapsed.toNanos() / 1e9);
        }

        double percentile(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100 * count) - 1;
            return latencies[Math.max(0, Math.min(count - 1, i))] / 1e6;
        }
    }

    /** One scenario: builds each request and runs closed-loop clients for a while. */
    static final class Load {
        private static final String BOUNDARY = "gate-load-boundary-7f3a";
        private final HttpClient http;
        private final URI gate;
        private final byte[] image;
        private final int accounts;
        private final AtomicLong sequence = new AtomicLong();

        Load(HttpClient http, URI gate, byte[] image, int accounts) {
            this.http = http;
            this.gate = gate;
            this.image = image;
            this.accounts = accounts;
        }

        Result run(int clients, Duration length) throws Exception {
            long end = System.nanoTime() + length.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<List<Long>>> futures = new ArrayList<>();
            Map<String, Long> errors = new TreeMap<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        HttpRequest request = next();
                        long t0 = System.nanoTime();
                        String error;
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            error = response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
                        } catch (java.io.IOException e) {
                            error = e.getClass().getSimpleName();
                        }
                        long took = System.nanoTime() - t0;
                        if (error == null) {
                            mine.add(took);
                        } else {
                            synchronized (errors) {
                                errors.merge(error, 1L, Long::sum);
                            }
                        }
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get());
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            pool.shutdown();
            long[] latencies = all.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(latencies);
            return new Result(latencies, latencies.length, elapsed, errors);
        }

        private HttpRequest next() {
            long n = sequence.incrementAndGet();
            String json = String.format(Locale.ROOT,
                    "{\"context\":{\"requestId\":\"load-%d-%d\",\"tenantId\":\"self-serve\",\"accountId\":\"load-%d\",\"model\":\"image-gen-3\"},"
                            + "\"prompt\":\"%s\",\"contentId\":\"upload-%d\"}",
                    ProcessHandle.current().pid(), n, n % accounts, PROMPTS[(int) (n % PROMPTS.length)], n);
            HttpRequest.Builder b = HttpRequest.newBuilder(gate).timeout(Duration.ofSeconds(30));
            if (image == null) {
                return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            }
            byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n"
                    + json + "\r\n--" + BOUNDARY
                    + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"init.png\"\r\nContent-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
            return b.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, image, tail))).build();
        }
    }
}

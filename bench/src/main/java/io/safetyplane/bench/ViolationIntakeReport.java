package io.safetyplane.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.AccountsGrpc;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * Violations intake of the packaged enforcement-service, end to end (docs/benchmarks.md, "Violations into
 * enforcement"): a Kafka broker in this JVM, the service as a child process against the given PostgreSQL, N violations
 * produced with a realistic mix, and the time from the first record produced until the last one's effects are
 * committed (its row in {@code processed_events}); then {@code Accounts.GetStanding} latency over gRPC.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.safetyplane.bench.ViolationIntakeReport [options]
 *   --pg URL             PostgreSQL, postgresql://host:port/database (user and password: --pg-user, --pg-password, default app)
 *   --events N           violations to produce (default 20000)
 *   --calls N            GetStanding calls measured (default 20000, after N/10 warm-up calls)
 *   --warmup N           violations applied (other accounts) before the measured ones, to measure a warmed-up service
 *                        rather than one whose code the JIT is still compiling (default 0)
 *   --threads T          GetStanding caller threads (default 4)
 *   --partitions P       partitions of safety.violations.v1 (default 4)
 *   --service JAR        the packaged service (default enforcement-service/target/quarkus-app/quarkus-run.jar)
 *   --port PORT          the service's HTTP and gRPC port (default 18085)
 *   --java-opts OPTS     the service's JVM options (default -Xmx1g)
 *   --service-env K=V,.. further environment of the service (for example its intake settings)
 * </pre>
 *
 * The mix: 70% of the events go to accounts with one violation (one in seven of low severity: recorded, no
 * sanction), 20% to accounts that climb the ladder (two to four violations of one category), 10% to end users of
 * business tenants. Records of one account keep their order, as they would from one gate.
 */
public final class ViolationIntakeReport {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args);
        String pg = o.getOrDefault("pg", "postgresql://127.0.0.1:55432/app");
        int events = Integer.parseInt(o.getOrDefault("events", "20000"));
        int calls = Integer.parseInt(o.getOrDefault("calls", "20000"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "4"));
        int port = Integer.parseInt(o.getOrDefault("port", "18085"));
        Path jar = Path.of(o.getOrDefault("service", "enforcement-service/target/quarkus-app/quarkus-run.jar"));
        URI pgUri = URI.create(pg);
        String jdbc = "jdbc:postgresql://" + pgUri.getHost() + ":" + pgUri.getPort() + pgUri.getPath();
        String user = o.getOrDefault("pg-user", "app");
        String password = o.getOrDefault("pg-password", "app");

        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Violation> workload = workload(run, events, new Random(42));
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s; service %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), jar);

        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
        String bootstrap = broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.VIOLATIONS, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Process service = null;
        try (Connection db = DriverManager.getConnection(jdbc, user, password)) {
            Map<String, String> env = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrap, "PG_URL", pg, "PG_JDBC_URL", jdbc, "PG_USER", user, "PG_PASSWORD", password,
                    "SAFETYPLANE_OTEL_DISABLED", "true", "SAFETYPLANE_JSON_LOGS", "false"));
            for (String kv : o.getOrDefault("service-env", "").split(",")) {
                if (!kv.isBlank()) {
                    env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            File log = new File("bench/target/violation-intake-service.log");
            log.getParentFile().mkdirs();
            env.put("SAFETYPLANE_JWT_PUBLIC_KEY", "file:" + jwtKey(log.toPath().resolveSibling("violation-intake-jwt.pem")));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(Arrays.asList(o.getOrDefault("java-opts", "-Xmx1g").split(" ")));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
            pb.environment().putAll(env);
            service = pb.start();
            awaitReady(service, port, log);
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.ACKS_CONFIG, "all");
            if (warmup > 0) {
                // a warmed-up service (its code compiled by the JIT), as it runs once it has been up a while
                long t = System.nanoTime();
                intake(props, db, workload(run + "w", warmup, new Random(7)), service, log);
                System.out.printf(Locale.ROOT, "warm-up: %,d violations in %.2f s%n", warmup, (System.nanoTime() - t) / 1e9);
            }

            // intake: first record produced until the last one's effects committed
            long cpuBefore = cpu(service);
            long start = System.nanoTime();
            long produced = intake(props, db, workload, service, log);
            long done = System.nanoTime();
            long cpu = cpu(service) - cpuBefore;
            long rows = count(db, "select count(*) from violations where account_id like 'b" + run + "-%'");
            long sanctions = count(db, "select count(*) from sanctions where account_id like 'b" + run + "-%'");
            double seconds = (done - start) / 1e9;
            System.out.printf(Locale.ROOT, "intake: %,d violations (%,d sanctions) in %.2f s = %,.0f events/s (produced in %.2f s); "
                    + "service CPU %.2f s (%.0f µs/event)%n", rows, sanctions, seconds, events / seconds, (produced - start) / 1e9, cpu / 1e9,
                    cpu / 1e3 / events);
            if (rows != events) {
                throw new IllegalStateException(rows + " violations recorded for " + events + " produced");
            }
            standingLatency(port, workload, calls, threads);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
            broker.close();
        }
    }

    /** GetStanding over one gRPC channel from {@code threads} callers, on the accounts of the workload. */
    /** Produces the violations and waits until all are applied; returns when the last one was produced (nanoTime). */
    private static long intake(Map<String, Object> props, Connection db, List<Violation> workload, Process service, File log) throws Exception {
        long before = count(db, "select count(*) from processed_events");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (Violation v : workload) {
                producer.send(new ProducerRecord<>(Topics.VIOLATIONS, v.getContext().getTenantId() + "/" + v.getContext().getAccountId(),
                        v.toByteArray()));
            }
        }
        long produced = System.nanoTime();
        long deadline = produced + TimeUnit.SECONDS.toNanos(Math.max(120, workload.size() / 100));
        long applied;
        while ((applied = count(db, "select count(*) from processed_events") - before) < workload.size()) {
            if (System.nanoTime() > deadline || !service.isAlive()) {
                throw new IllegalStateException("only " + applied + " of " + workload.size() + " violations applied; see " + log);
            }
            Thread.sleep(20);
        }
        return produced;
    }

    static void standingLatency(int port, List<Violation> workload, int calls, int threads) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            List<GetStandingRequest> requests = workload.stream().map(v -> GetStandingRequest.newBuilder()
                    .setTenantId(v.getContext().getTenantId()).setAccountId(v.getContext().getAccountId())
                    .setEndUserId(v.getContext().getEndUserId()).build()).distinct().toList();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                call(pool, channel, requests, Math.max(1, calls / 10), threads); // warm-up
                long start = System.nanoTime();
                long[] latencies = call(pool, channel, requests, calls, threads);
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                System.out.printf(Locale.ROOT, "GetStanding: %,d calls from %d threads, %,.0f calls/s; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%n",
                        latencies.length, threads, latencies.length / seconds, pct(latencies, 0.50), pct(latencies, 0.99), pct(latencies, 0.999));
            } finally {
                pool.shutdownNow();
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static long[] call(ExecutorService pool, ManagedChannel channel, List<GetStandingRequest> requests, int calls, int threads)
            throws Exception {
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = calls / threads + (t < calls % threads ? 1 : 0);
            int seed = t;
            parts.add(pool.submit(() -> {
                AccountsGrpc.AccountsBlockingStub stub = AccountsGrpc.newBlockingStub(channel);
                Random random = new Random(seed);
                long[] ns = new long[share];
                for (int i = 0; i < share; i++) {
                    GetStandingRequest r = requests.get(random.nextInt(requests.size()));
                    long t0 = System.nanoTime();
                    stub.withDeadlineAfter(10, TimeUnit.SECONDS).getStanding(r);
                    ns[i] = System.nanoTime() - t0;
                }
                return ns;
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : parts) {
            long[] part = f.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        return all;
    }

    /**
     * The violations of one run, in the order produced: accounts are named {@code b<run>-...}; each account's
     * violations keep their relative order.
     */
    static List<Violation> workload(String run, int events, Random random) {
        List<List<Violation>> byAccount = new ArrayList<>();
        int n = 0;
        int account = 0;
        while (n < events) {
            int kind = random.nextInt(10);
            List<Violation> mine = new ArrayList<>();
            String id = "b" + run + "-" + account++;
            if (kind < 7) { // one violation: mostly a warning, some below the ladder's threshold
                Severity severity = random.nextInt(7) == 0 ? Severity.SEVERITY_LOW : Severity.SEVERITY_MEDIUM;
                mine.add(violation("self-serve", id, "", "sexual", severity));
            } else if (kind < 9) { // climbs the ladder
                int count = 2 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    mine.add(violation("self-serve", id, "", "violence", Severity.SEVERITY_HIGH));
                }
            } else { // an end user of a business
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    mine.add(violation("bench-biz", id, "user-" + random.nextInt(1000), "hate", Severity.SEVERITY_HIGH));
                }
            }
            mine = mine.subList(0, Math.min(mine.size(), events - n));
            n += mine.size();
            byAccount.add(mine);
        }
        // interleave accounts, keeping each account's order
        List<Integer> slots = new ArrayList<>();
        for (int a = 0; a < byAccount.size(); a++) {
            for (int i = 0; i < byAccount.get(a).size(); i++) {
                slots.add(a);
            }
        }
        Collections.shuffle(slots, random);
        int[] next = new int[byAccount.size()];
        List<Violation> out = new ArrayList<>(events);
        for (int a : slots) {
            out.add(byAccount.get(a).get(next[a]++));
        }
        return out;
    }

    private static Violation violation(String tenant, String account, String endUser, String category, Severity severity) {
        return Violation.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setRequestId("r-" + UUID.randomUUID()).setTenantId(tenant).setAccountId(account)
                        .setEndUserId(endUser))
                .setOccurredAtMillis(System.currentTimeMillis()).setDetector("classifier-service").setCategory(category)
                .setSeverity(severity).setAction(Action.ACTION_BLOCK).setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();
    }

    private static void awaitReady(Process service, int port, File log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited: " + tail(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not become ready: " + tail(log));
    }

    private static String tail(File log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log.toPath());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** A public key for the service's staff JWTs (the bench calls no staff endpoint). */
    private static Path jwtKey(Path pem) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(g.generateKeyPair().getPublic().getEncoded());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
        return pem.toAbsolutePath();
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet r = db.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The process's CPU time so far, in ns (0 where the platform does not say). */
    private static long cpu(Process p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}

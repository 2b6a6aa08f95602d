package io.safetyplane.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.safetyplane.cybertipline.fake.Credentials;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.PostgresResource;

/**
 * The whole plane for one test run: a Kafka broker (KRaft, in this JVM: test-support's {@link KafkaBrokerResource}),
 * a database of its own on the PostgreSQL of {@code SAFETYPLANE_PG_URL} (the cluster {@code bin/test} starts), the
 * fake CyberTipline server (in this JVM, with NCMEC's XSD and response fixtures from the shared data folder), and the
 * five services' packaged builds as processes, configured with the environment {@code bin/safety-plane up} gives them.
 * Everything is on loopback, on free ports; the services' logs are in {@code target/system-tests/<service>.log}.
 */
final class Plane implements AutoCloseable {
    static final List<String> SERVICES = List.of("enforcement-service", "classifier-service", "hash-service", "filter-service",
            "provenance-service");
    /** The enforcement-service's database, created afresh on every run (the unit tests of that module use {@code app}). */
    static final String DATABASE = "system_tests";
    static final Credentials TIPLINE_CREDENTIALS = new Credentials("system-tests", "not-a-secret-system-tests");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    /** The Kafka broker in this JVM and the tests' clients: warnings only (held here, as JUL keeps loggers weakly). */
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger").map(Logger::getLogger).toList();
    private static final String[] JVM_OPTIONS = { "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1" };

    final Path root;
    final Path work;
    final StaffTokens tokens;
    final String kafka;
    private final FakeCyberTipline tipline;
    private final String tiplineMissing;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private Plane(Path root, Path work, StaffTokens tokens, String kafka, FakeCyberTipline tipline, String tiplineMissing) {
        this.root = root;
        this.work = work;
        this.tokens = tokens;
        this.kafka = kafka;
        this.tipline = tipline;
        this.tiplineMissing = tiplineMissing;
    }

    /** Starts everything and waits until every service is ready; stops what it started when that fails. */
    static Plane start() throws Exception {
        Path root = Path.of(System.getProperty("safetyplane.root", "..")).toAbsolutePath().normalize();
        Map<String, Path> jars = packagedBuilds(root);
        Path work = Path.of("target", "system-tests").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);

        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        String kafka = KafkaBrokerResource.bootstrapServers();
        FakeCyberTipline tipline = null;
        String tiplineMissing = null;
        Path shared = sharedTipline();
        if (shared == null) {
            tiplineMissing = "no CyberTipline XSD and response fixtures in the shared data folder (" + sharedCandidates() + ")";
        } else {
            tipline = FakeCyberTipline.builder().xsd(shared.resolve("cyber_tipline.xsd")).responses(shared.resolve("responses"))
                    .credentials(TIPLINE_CREDENTIALS).port(0).start();
        }
        Plane plane = new Plane(root, work, StaffTokens.create(work), kafka, tipline, tiplineMissing);
        try {
            plane.startServices(jars, shared);
            return plane;
        } catch (Exception | Error e) {
            plane.close();
            throw e;
        }
    }

    private void startServices(Map<String, Path> jars, Path shared) throws Exception {
        URI pg = URI.create(freshDatabase());
        Map<String, Integer> ports = new HashMap<>();
        for (String s : SERVICES) {
            ports.put(s, freePort());
        }
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "SAFETYPLANE_JWT_ISSUER", StaffTokens.ISSUER,
                "SAFETYPLANE_JWT_PUBLIC_KEY", "file:" + tokens.publicKeyPem, "SAFETYPLANE_OTEL_DISABLED", "true",
                "SAFETYPLANE_JSON_LOGS", "false");
        SecureRandom random = new SecureRandom();
        for (String name : SERVICES) {
            Map<String, String> env = new HashMap<>(common);
            switch (name) {
                case "enforcement-service" -> {
                    env.put("PG_URL", pg.toString());
                    env.put("PG_JDBC_URL", "jdbc:" + pg);
                    env.put("ENFORCEMENT_SERVICE_REPORTER_KEY", HexFormat.of().formatHex(bytes(random, 32)));
                    // the evidence vault's key-encryption key: 32 random bytes of this run, base64
                    env.put("ENFORCEMENT_SERVICE_EVIDENCE_KEK_ACTIVE", "systemtests");
                    env.put("ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_SYSTEMTESTS", Base64.getEncoder().encodeToString(bytes(random, 32)));
                    env.put("ENFORCEMENT_SERVICE_OUTBOX_INTERVAL", "200ms");
                    if (tipline != null) {
                        env.putAll(tiplineEnv(shared));
                    }
                }
                case "hash-service" -> {
                    env.put("HASH_SERVICE_REPLICATION_SNAPSHOT_DIR", work.resolve("hash-service-snapshot").toString());
                    env.put("EVIDENCE_HOST", "127.0.0.1");
                    env.put("EVIDENCE_PORT", ports.get("enforcement-service").toString());
                }
                case "provenance-service" -> {
                    env.put("PROVENANCE_SIGNING_SOURCE", "dev");
                    env.put("PROVENANCE_TIMESTAMP_MODE", "dev");
                    env.put("PROVENANCE_SERVICE_SIGNING_DEV_DIRECTORY", devPki().toString());
                    env.put("CLASSIFIER_HOST", "127.0.0.1");
                    env.put("CLASSIFIER_PORT", ports.get("classifier-service").toString());
                }
                case "filter-service" -> {
                    // the before-generation gate's three downstream services; tenant acme screens with the global policy
                    env.put("ENFORCEMENT_HOST", "127.0.0.1");
                    env.put("ENFORCEMENT_PORT", ports.get("enforcement-service").toString());
                    env.put("HASH_HOST", "127.0.0.1");
                    env.put("HASH_PORT", ports.get("hash-service").toString());
                    env.put("CLASSIFIER_HOST", "127.0.0.1");
                    env.put("CLASSIFIER_PORT", ports.get("classifier-service").toString());
                    env.put("FILTER_SERVICE_OPEN_TENANTS", "self-serve,acme");
                }
                default -> {
                    // the classifier-service needs nothing more (its models are in its build)
                }
            }
            services.put(name, ServiceProcess.start(name, jars.get(name), ports.get(name), env, work.resolve(name + ".log"), JVM_OPTIONS));
        }
        for (ServiceProcess s : services.values()) {
            s.awaitReady(READY_TIMEOUT);
        }
    }

    private Map<String, String> tiplineEnv(Path shared) {
        Map<String, String> env = new HashMap<>();
        env.put("ENFORCEMENT_SERVICE_TIPLINE_ENABLED", "true");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_ENDPOINT", tipline.baseUri().toString());
        env.put("ENFORCEMENT_SERVICE_TIPLINE_USERNAME", TIPLINE_CREDENTIALS.username());
        env.put("ENFORCEMENT_SERVICE_TIPLINE_PASSWORD", TIPLINE_CREDENTIALS.password());
        env.put("ENFORCEMENT_SERVICE_TIPLINE_XSD", shared.resolve("cyber_tipline.xsd").toAbsolutePath().toString());
        env.put("ENFORCEMENT_SERVICE_TIPLINE_DISPATCH_INTERVAL", "1s");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_FIRST_NAME", "System");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_LAST_NAME", "Tests");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_EMAIL", "child-safety@example.com");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_COMPANY_TEMPLATE", "The Safety Plane's end-to-end tests; this report is not real.");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_TERMS_OF_SERVICE", "Acceptable use policy: no sexual content involving minors.");
        env.put("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_LEGAL_URL", "https://example.com/legal");
        return env;
    }

    String url(String service) {
        return services.get(service).url();
    }

    /** The provenance-service's development PKI (created at its start); {@code root.pem} is its root certificate. */
    Path devPki() {
        return work.resolve("provenance-dev-pki");
    }

    /** Whether the enforcement-service files CyberTipline reports with the fake server (the shared data folder is there). */
    boolean hasTipline() {
        return tipline != null;
    }

    /** The fake CyberTipline server; a failed assumption when the shared data folder is missing. */
    FakeCyberTipline tipline() {
        assumeTrue(tipline != null, tiplineMissing);
        return tipline;
    }

    /** The last lines of every service's log, and whether it still runs. */
    String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess s : services.values()) {
            out.append("\n===== ").append(s.name).append(s.alive() ? "" : " (exited)").append(", last ").append(lines)
                    .append(" lines of ").append(s.log).append(" =====\n").append(s.tail(lines)).append('\n');
        }
        return out.toString();
    }

    /** Stops the services (SIGTERM, then a kill after 20 s), the fake CyberTipline server and the Kafka broker. */
    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess s : services.values()) {
            s.destroy();
        }
        for (ServiceProcess s : services.values()) {
            s.awaitStopped(Duration.ofSeconds(20));
        }
        if (tipline != null) {
            tipline.close();
        }
        new KafkaBrokerResource().stop();
    }

    /** The five services' packaged builds; an error naming those that are missing. */
    private static Map<String, Path> packagedBuilds(Path root) {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String s : SERVICES) {
            Path jar = root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar");
            jars.put(s, jar);
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the system tests run the services' packaged builds, and these are missing: "
                    + String.join(", ", missing) + ". Package the services first (mvn -B package -DskipTests -pl "
                    + String.join(",", SERVICES) + " -am), or run the whole build (bin/test).");
        }
        return jars;
    }

    /**
     * Creates the enforcement-service's database afresh (dropping the last run's), owned by {@code app}, on the cluster of
     * {@code SAFETYPLANE_PG_URL}, as its superuser {@code postgres} (trusted on loopback in the cluster of bin/test and
     * bin/lib/postgres.sh); returns its reactive URL.
     */
    private static String freshDatabase() {
        URI app = URI.create(PostgresResource.url());
        String admin = "jdbc:postgresql://" + app.getHost() + ":" + app.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE + " owner app");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + DATABASE + " on " + admin + " as postgres (the system tests "
                    + "need the PostgreSQL cluster bin/test starts, SAFETYPLANE_PG_URL=" + PostgresResource.url() + "): " + e.getMessage(), e);
        }
        return "postgresql://" + app.getHost() + ":" + app.getPort() + "/" + DATABASE;
    }

    /** NCMEC's XSD and response fixtures, or null (an error in CI, {@code CI=true}, where they are required). */
    private static Path sharedTipline() {
        for (Path dir : sharedCandidates()) {
            if (Files.isRegularFile(dir.resolve("cyber_tipline.xsd")) && Files.isDirectory(dir.resolve("responses"))) {
                return dir;
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("no CyberTipline XSD and response fixtures at " + sharedCandidates() + " (required in CI)");
        }
        return null;
    }

    private static List<Path> sharedCandidates() {
        List<Path> candidates = new ArrayList<>();
        String shared = System.getProperty("safetyplane.shared.dir");
        if (shared != null && !shared.isBlank()) {
            candidates.add(Path.of(shared, "cybertipline").toAbsolutePath().normalize());
        }
        candidates.add(Path.of("..", "..", "shared", "cybertipline").toAbsolutePath().normalize());
        return candidates;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

package io.safetyplane.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The five services as their own sources configure them: the HTTP port (gRPC shares it), the environment variables
 * their {@code application.properties} read, and the gRPC calls each makes. Deployments are held against this, so a
 * port or a call changed in a service and not in the chart or the manifests fails a test.
 */
record Plane(Path root, String version, Map<String, Service> services) {
    static final List<String> NAMES = List.of("filter-service", "classifier-service", "hash-service",
            "provenance-service", "enforcement-service");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern CLIENT = Pattern.compile("quarkus\\.grpc\\.clients\\.([a-z-]+)\\.(host|port)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
    private static final Pattern SHUTDOWN = Pattern.compile("(\\d+)s");

    /** One service. {@code calls}: gRPC client name to the call it makes. */
    record Service(String name, int port, int shutdownSeconds, Set<String> envReferences, String configPrefix,
                   Map<String, Call> calls, Map<String, Integer> exposedPorts) {

        /**
         * Whether the service reads this environment variable: one its properties name, the environment form of one of
         * its properties, of its own configuration ({@code <SERVICE>_...}), of Quarkus's, Kafka's or the messaging
         * channels', or the JVM image's launcher ({@code JAVA_OPTS_APPEND}, {@code JAVA_MAX_MEM_RATIO}, ...).
         */
        boolean reads(String env) {
            return envReferences.contains(env)
                    || Stream.of("QUARKUS_", "KAFKA_", "MP_MESSAGING_", "JAVA_", configPrefix + "_").anyMatch(env::startsWith);
        }
    }

    /** A gRPC call: the callee, and the variables that carry its host and port. */
    record Call(String callee, String hostEnv, String portEnv) {
    }

    /** The plane at {@code safetyplane.root}, at {@code safetyplane.version} (both set by the build). */
    static Plane load() {
        Path root = Path.of(System.getProperty("safetyplane.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("safetyplane.version", "").replace("-SNAPSHOT", "");
        if (version.isEmpty()) {
            throw new IllegalStateException("safetyplane.version is not set (run through Maven)");
        }
        Map<String, Properties> props = new TreeMap<>();
        Map<String, String> raw = new TreeMap<>();
        for (String name : NAMES) {
            Path file = root.resolve(name).resolve("src/main/resources/application.properties");
            props.put(name, properties(file));
            raw.put(name, read(file));
        }
        Map<Integer, String> byPort = new TreeMap<>();
        props.forEach((name, p) -> byPort.put(Integer.parseInt(p.getProperty("quarkus.http.port")), name));

        Map<String, Service> services = new TreeMap<>();
        for (String name : NAMES) {
            Properties p = props.get(name);
            Set<String> env = new TreeSet<>();
            Matcher m = ENV_REFERENCE.matcher(raw.get(name));
            while (m.find()) {
                env.add(m.group(1));
            }
            Map<String, Call> calls = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                Matcher c = CLIENT.matcher(key);
                if (!c.matches() || !c.group(2).equals("host")) {
                    continue;
                }
                String client = c.group(1);
                Matcher host = PLACEHOLDER.matcher(p.getProperty(key));
                Matcher port = PLACEHOLDER.matcher(p.getProperty("quarkus.grpc.clients." + client + ".port", ""));
                if (!host.matches() || !port.matches()) {
                    throw new IllegalStateException(name + ": gRPC client " + client
                            + " must take host and port from the environment, ${NAME:default}");
                }
                String callee = byPort.get(Integer.parseInt(port.group(2)));
                if (callee == null) {
                    throw new IllegalStateException(name + ": gRPC client " + client + " defaults to port "
                            + port.group(2) + ", which no service listens on");
                }
                calls.put(client, new Call(callee, host.group(1), port.group(1)));
            }
            Matcher shutdown = SHUTDOWN.matcher(p.getProperty("quarkus.shutdown.timeout", "0s"));
            services.put(name, new Service(name, Integer.parseInt(p.getProperty("quarkus.http.port")),
                    shutdown.matches() ? Integer.parseInt(shutdown.group(1)) : 0, env,
                    name.toUpperCase(Locale.ROOT).replace('-', '_'), calls, exposedPorts(root, name)));
        }
        return new Plane(root, version, services);
    }

    Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        return s;
    }

    /** Every call the plane makes, caller first. */
    List<Map.Entry<String, Call>> calls() {
        List<Map.Entry<String, Call>> all = new ArrayList<>();
        services.values().forEach(s -> s.calls().values().forEach(c -> all.add(Map.entry(s.name(), c))));
        return all;
    }

    /** The port each of the service's Dockerfiles exposes, by file name (-1: none). */
    private static Map<String, Integer> exposedPorts(Path root, String name) {
        Map<String, Integer> ports = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve(name).resolve("src/main/docker"))) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("Dockerfile"))::iterator) {
                Matcher m = Pattern.compile("(?m)^EXPOSE (\\d+)$").matcher(read(f));
                ports.put(f.getFileName().toString(), m.find() ? Integer.parseInt(m.group(1)) : -1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.safetyplane.cybertipline.fake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake standalone: {@code java -jar cybertipline-fake.jar [--port N] [--host H] [--xsd FILE]
 * [--responses DIR] [--username U] [--password P] [--max-body-bytes N]}. Each option falls back to an environment
 * variable ({@code CYBERTIPLINE_FAKE_PORT}, {@code _HOST}, {@code _XSD}, {@code _RESPONSES}, {@code _USERNAME},
 * {@code _PASSWORD}, {@code _MAX_BODY_BYTES}); pass the password by environment so it stays out of the process list.
 * Prints the base URL on one line, serves the test-only {@code POST /_admin/faults}, and stops on SIGTERM.
 */
public final class Main {
    static final String DEFAULT_PORT = "8086";
    static final String DEFAULT_XSD = "../shared/cybertipline/cyber_tipline.xsd";
    static final String DEFAULT_RESPONSES = "../shared/cybertipline/responses";

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        FakeCyberTipline fake;
        try {
            fake = configure(args, System.getenv()).start();
        } catch (IllegalArgumentException e) {
            System.err.println("cybertipline-fake: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "cybertipline-fake-stop"));
        System.out.println(fake.baseUri());
        System.out.flush();
        stopped.await();
    }

    /** The builder the arguments and environment describe; a missing or bad value is an IllegalArgumentException. */
    static FakeCyberTipline.Builder configure(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + name + "'");
            }
            options.put(name.substring(2), args[++i]);
        }
        Map<String, String> known = Map.of("port", DEFAULT_PORT, "host", "127.0.0.1", "xsd", DEFAULT_XSD,
                "responses", DEFAULT_RESPONSES, "username", "", "password", "",
                "max-body-bytes", Long.toString(FakeCyberTipline.DEFAULT_MAX_BODY_BYTES));
        for (String name : options.keySet()) {
            if (!known.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known.keySet());
            }
        }
        Map<String, String> value = new HashMap<>();
        known.forEach((name, fallback) -> value.put(name, options.getOrDefault(name,
                env.getOrDefault("CYBERTIPLINE_FAKE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), fallback))));
        if (value.get("username").isEmpty() || value.get("password").isEmpty()) {
            throw new IllegalArgumentException("set the Basic-auth credentials: --username and --password, or "
                    + "CYBERTIPLINE_FAKE_USERNAME and CYBERTIPLINE_FAKE_PASSWORD");
        }
        return FakeCyberTipline.builder()
                .port(number(value, "port").intValue())
                .host(value.get("host"))
                .xsd(Path.of(value.get("xsd")))
                .responses(Path.of(value.get("responses")))
                .credentials(new Credentials(value.get("username"), value.get("password")))
                .maxBodyBytes(number(value, "max-body-bytes"))
                .adminEndpoint(true);
    }

    private static Long number(Map<String, String> value, String name) {
        try {
            return Long.parseLong(value.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value.get(name) + "'");
        }
    }
}

package io.safetyplane.enforcement.tipline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.safetyplane.cybertipline.fake.Credentials;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;

/**
 * Starts the fake CyberTipline server on a free port and points the service at it, with reporting enabled, NCMEC's XSD
 * and the response fixtures from the shared data folder ({@code ../shared/cybertipline} from the repository root).
 * Without that folder reporting stays disabled and the tests that need it skip ({@link #fake()}), except in CI
 * ({@code CI=true}), where the service does not start.
 */
public class FakeTiplineResource implements QuarkusTestResourceLifecycleManager {
    static final Credentials CREDENTIALS = new Credentials("esp-test", "not-a-secret");
    private static volatile FakeCyberTipline fake;
    private static volatile Path dir;

    @Override
    public Map<String, String> start() {
        dir = shared();
        if (dir == null) {
            return Map.of("enforcement-service.tipline.enabled", "false");
        }
        try {
            fake = FakeCyberTipline.builder().xsd(dir.resolve("cyber_tipline.xsd")).responses(dir.resolve("responses")).credentials(CREDENTIALS)
                    .port(0).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("enforcement-service.tipline.enabled", "true");
        config.put("enforcement-service.tipline.endpoint", fake.baseUri().toString());
        config.put("enforcement-service.tipline.username", CREDENTIALS.username());
        config.put("enforcement-service.tipline.password", CREDENTIALS.password());
        config.put("enforcement-service.tipline.xsd", dir.resolve("cyber_tipline.xsd").toAbsolutePath().toString());
        config.put("enforcement-service.tipline.call-timeout", "5s");
        config.put("enforcement-service.tipline.connect-timeout", "2s");
        config.put("enforcement-service.tipline.dispatch-interval", "1s");
        config.put("enforcement-service.tipline.backoff-base", "200ms");
        config.put("enforcement-service.tipline.backoff-cap", "1s");
        config.put("enforcement-service.tipline.max-attempts", "5");
        config.put("enforcement-service.tipline.reporter.first-name", "Tipline");
        config.put("enforcement-service.tipline.reporter.last-name", "Officer");
        config.put("enforcement-service.tipline.reporter.email", "tipline@example.com");
        config.put("enforcement-service.tipline.reporter.company-template", "Serve legal process on the provider's legal team; "
                + "request logs are kept for 90 days.");
        config.put("enforcement-service.tipline.reporter.terms-of-service", "https://example.com/aup");
        config.put("enforcement-service.tipline.reporter.legal-url", "https://example.com/legal");
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }

    /** The running fake; skips the test without the shared XSD (fails in CI). */
    static FakeCyberTipline fake() {
        if (fake == null) {
            shared();
            assumeTrue(false, "the fake CyberTipline did not start");
        }
        return fake;
    }

    /** The shared XSD and fixtures, or null (a failed assumption in a test, an error in CI). */
    private static Path shared() {
        Path candidate = Path.of("..", "..", "shared", "cybertipline");
        if (Files.isRegularFile(candidate.resolve("cyber_tipline.xsd")) && Files.isDirectory(candidate.resolve("responses"))) {
            return candidate;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("no CyberTipline XSD and response fixtures at " + candidate.toAbsolutePath() + " (required in CI)");
        }
        return null;
    }
}

package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NCMEC's XSD and the response fixtures in {@code shared/cybertipline} (system property {@code safetyplane.shared.dir},
 * else {@code ../../shared} from the module). Tests skip without them, except in CI ({@code CI=true}), where they fail.
 */
final class SharedCyberTipline {
    private SharedCyberTipline() {
    }

    static Path dir() {
        String shared = System.getProperty("safetyplane.shared.dir");
        Path base = shared == null || shared.isBlank() ? Path.of("..", "..", "shared") : Path.of(shared);
        Path dir = base.resolve("cybertipline");
        boolean present = Files.isRegularFile(dir.resolve("cyber_tipline.xsd"))
                && Files.isDirectory(dir.resolve("responses"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the CyberTipline XSD and response fixtures are required in CI; absent at " + dir);
        }
        assumeTrue(present, () -> "skipped: no CyberTipline XSD and response fixtures at " + dir);
        return dir;
    }

    static Path xsd() {
        return dir().resolve("cyber_tipline.xsd");
    }

    static Path responses() {
        return dir().resolve("responses");
    }

    static String example(String name) {
        try {
            return Files.readString(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String response(String name) {
        try {
            return Files.readString(responses().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.safetyplane.c2pa;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The C2PA fixtures of the shared data folder (system property {@code safetyplane.shared.dir}); tests skip without them. */
final class SharedFixtures {
    private SharedFixtures() {
    }

    static Path dir() {
        String shared = System.getProperty("safetyplane.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(), "safetyplane.shared.dir is not set");
        Path dir = Path.of(shared, "c2pa-fixtures");
        assumeTrue(Files.isDirectory(dir), dir + " is absent");
        return dir;
    }
}

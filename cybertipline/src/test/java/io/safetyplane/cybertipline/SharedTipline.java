package io.safetyplane.cybertipline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * NCMEC's XSD and the response fixtures in the shared data folder ({@code safetyplane.shared.dir}, else
 * {@code ../../shared} from the module). They are not part of the repository: tests skip without them, except in CI
 * (environment variable {@code CI=true}), where they fail.
 */
public final class SharedTipline {
    private static ReportSchema schema;

    private SharedTipline() {
    }

    public static Path dir() {
        String shared = System.getProperty("safetyplane.shared.dir");
        List<Path> candidates = new ArrayList<>();
        if (shared != null && !shared.isBlank()) {
            candidates.add(Path.of(shared, "cybertipline"));
        }
        candidates.add(Path.of("..", "..", "shared", "cybertipline"));
        for (Path dir : candidates) {
            if (Files.isRegularFile(dir.resolve("cyber_tipline.xsd")) && Files.isDirectory(dir.resolve("responses"))) {
                return dir;
            }
        }
        String missing = "no CyberTipline XSD and response fixtures at " + candidates;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + " (required in CI)");
        }
        assumeTrue(false, missing);
        throw new AssertionError("unreachable");
    }

    public static synchronized ReportSchema schema() {
        if (schema == null) {
            schema = ReportSchema.load(dir().resolve("cyber_tipline.xsd"));
        }
        return schema;
    }

    static byte[] read(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.safetyplane.c2pa.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the reference harness on the shared C2PA fixtures (system property
 * {@code safetyplane.shared.dir}). Skipped, not passed, when the fixtures, Node or the harness are missing.
 */
class ReferenceValidatorTest {

    private static Path fixtures;
    private static ReferenceValidator validator;
    private static String missing;

    @BeforeAll
    static void start() {
        String shared = System.getProperty("safetyplane.shared.dir");
        if (shared == null || shared.isBlank()) {
            missing = "system property safetyplane.shared.dir is not set";
            return;
        }
        fixtures = Path.of(shared, "c2pa-fixtures");
        if (!Files.isDirectory(fixtures)) {
            missing = "no C2PA fixtures at " + fixtures;
            return;
        }
        Optional<ReferenceValidator> started = ReferenceValidator.start();
        if (started.isEmpty()) {
            missing = ReferenceValidator.unavailableReason();
            return;
        }
        validator = started.get();
    }

    @AfterAll
    static void stop() {
        if (validator != null) {
            validator.close();
        }
    }

    @Test
    void signedPngIsTrustedWithItsRoot() throws IOException {
        assumeTrue(missing == null, () -> missing);
        ReferenceValidator.Result r = validator.verify(fixtures.resolve("generated/ai-image.signed.png"),
                fixtures.resolve("generated/pki/root.pem"));
        assertNull(r.error(), r::toString);
        assertTrue(r.manifestPresent(), r::toString);
        assertEquals("Trusted", r.validationState(), r::toString);
        assertEquals(2, r.claimVersion());
        assertTrue(r.assertions().contains("c2pa.actions.v2"), r::toString);
        assertTrue(r.assertions().contains("c2pa.hash.data"), r::toString);
        assertEquals("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", r.digitalSourceType());
        assertTrue(r.failureCodes().isEmpty(), r::toString);
        assertTrue(r.successCodes().contains("claimSignature.validated"), r::toString);
    }

    @Test
    void sameFileWithoutAnchorsIsOnlyValid() throws IOException {
        assumeTrue(missing == null, () -> missing);
        ReferenceValidator.Result r = validator.verify(fixtures.resolve("generated/ai-image.signed.png"), null);
        assertEquals("Valid", r.validationState(), r::toString);
        assertTrue(r.failureCodes().contains("signingCredential.untrusted"), r::toString);
    }

    @Test
    void plainJpegHasNoManifest() throws IOException {
        assumeTrue(missing == null, () -> missing);
        ReferenceValidator.Result r = validator.verify(fixtures.resolve("c2pa-rs/no_manifest.jpg"), null);
        assertFalse(r.manifestPresent(), r::toString);
        assertNull(r.validationState(), r::toString);
        assertNull(r.error(), r::toString);
    }
}

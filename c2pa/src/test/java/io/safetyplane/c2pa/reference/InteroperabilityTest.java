package io.safetyplane.c2pa.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.c2pa.Samples;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.c2pa.cose.DevPki;
import io.safetyplane.c2pa.cose.KeySigner;

/**
 * What this module signs, the C2PA reference implementation (c2pa-rs, through the harness in {@code src/test/node})
 * validates: every format as Valid, and as Trusted with the signing root as trust anchor; with and without a
 * timestamp; with every key type; and one flipped media bit makes it Invalid with a hard-binding mismatch. In CI
 * (environment variable {@code CI} set) a missing harness fails the test rather than skipping it.
 */
class InteroperabilityTest {
    private static ReferenceValidator reference;
    private static Path dir;
    private static Path root;
    private static final DevPki PKI = DevPki.create("Safety Plane interop", Duration.ofDays(30), Clock.systemUTC());
    private static final ManifestSigner.Generation GENERATION = new ManifestSigner.Generation("image-gen-3", "2.1.0", Optional.empty());

    @BeforeAll
    static void start() throws Exception {
        Optional<ReferenceValidator> v = ReferenceValidator.start();
        if (System.getenv("CI") != null && v.isEmpty()) {
            throw new AssertionError("the C2PA reference harness is required in CI: " + ReferenceValidator.unavailableReason());
        }
        assumeTrue(v.isPresent(), ReferenceValidator.unavailableReason());
        reference = v.get();
        dir = Files.createDirectories(Path.of("target", "interop"));
        PKI.writePem(dir.resolve("pki"));
        root = dir.resolve("pki/root.pem");
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void everyFormatValidatesUnderTheReference() throws Exception {
        ManifestSigner signer = new ManifestSigner(new ManifestSigner.Generator("Safety Plane provenance-service", "0.1.0"), PKI.signer());
        for (Samples.Sample s : Samples.ALL) {
            for (boolean timestamp : new boolean[] { false, true }) {
                String what = s.name() + (timestamp ? " with a timestamp" : "");
                ManifestSigner.Signed signed = signer.sign(s.bytes(), s.format(), GENERATION, timestamp ? PKI.timestampAuthority() : null);
                Path file = dir.resolve((timestamp ? "ts-" : "") + "signed-" + s.name());
                Files.write(file, signed.asset());

                ReferenceValidator.Result trusted = reference.verify(file, root);
                assertEquals("Trusted", trusted.validationState(), what + ": " + trusted);
                assertEquals(signed.manifestLabel(), trusted.activeManifest(), what);
                assertEquals(2, trusted.claimVersion(), what);
                assertEquals("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", trusted.digitalSourceType(), what);
                assertTrue(trusted.failureCodes().isEmpty(), what + ": " + trusted.failureCodes());

                ReferenceValidator.Result valid = reference.verify(file, null);
                assertEquals("Valid", valid.validationState(), what + ": " + valid);

                byte[] altered = Samples.flipped(signed.asset(), s.payloadByte(signed.asset()));
                Path alteredFile = dir.resolve("altered-" + file.getFileName());
                Files.write(alteredFile, altered);
                ReferenceValidator.Result invalid = reference.verify(alteredFile, root);
                assertEquals("Invalid", invalid.validationState(), what + " altered: " + invalid);
                assertTrue(invalid.failureCodes().contains(s.format().bmff() ? "assertion.bmffHash.mismatch" : "assertion.dataHash.mismatch"),
                        what + " altered: " + invalid.failureCodes());
            }
        }
    }

    @Test
    void everyKeyTypeValidatesUnderTheReference() throws Exception {
        for (DevPki.KeyAlgorithm alg : DevPki.KeyAlgorithm.values()) {
            DevPki.Issued leaf = PKI.leafBuilder().keyAlgorithm(alg).build();
            ManifestSigner signer = new ManifestSigner(new ManifestSigner.Generator("Safety Plane provenance-service", "0.1.0"),
                    new KeySigner(leaf.key(), leaf.chain()));
            Path file = dir.resolve("alg-" + alg + ".jpg");
            Files.write(file, signer.sign(Samples.ALL.get(0).bytes(), AssetFormat.JPEG, GENERATION, null).asset());
            ReferenceValidator.Result r = reference.verify(file, root);
            assertEquals("Trusted", r.validationState(), alg + ": " + r);
            assertFalse(r.failureCodes().contains("claimSignature.mismatch"), alg.name());
        }
    }
}

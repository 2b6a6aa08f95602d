package io.safetyplane.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.safetyplane.c2pa.asset.AssetHandlers;
import io.safetyplane.c2pa.cose.DevPki;
import io.safetyplane.c2pa.cose.KeySigner;
import io.safetyplane.c2pa.cose.TrustAnchors;

/** Signing every format and verifying with this module's verifier: trusted, valid without anchors, invalid when altered. */
class SignVerifyTest {
    static final DevPki PKI = DevPki.create("Safety Plane test", Duration.ofDays(30), Clock.systemUTC());
    static final ManifestSigner.Generation GENERATION = new ManifestSigner.Generation("image-gen-3", "2.1.0", Optional.empty());

    static ManifestVerifier verifier(TrustAnchors anchors) {
        return new ManifestVerifier(anchors, TrustAnchors.none(), Clock.systemUTC());
    }

    @Test
    void everyFormatSignsAndVerifies() throws Exception {
        ManifestSigner signer = new ManifestSigner(new ManifestSigner.Generator("Safety Plane test", "1.0"), PKI.signer());
        for (Samples.Sample s : Samples.ALL) {
            for (boolean timestamp : new boolean[] { false, true }) {
                String what = s.name() + (timestamp ? " with a timestamp" : "");
                ManifestSigner.Signed signed = signer.sign(s.bytes(), s.format(), GENERATION, timestamp ? PKI.timestampAuthority() : null);
                assertEquals(signed.storeLength(), AssetHandlers.of(s.format()).readStore(signed.asset()).orElseThrow().length, what);
                ValidationReport r = verifier(PKI.trustAnchors()).verify(signed.asset(), null);
                assertEquals(ValidationState.TRUSTED, r.state(), what + ": " + r.failure());
                assertEquals(signed.manifestLabel(), r.activeManifest());
                assertEquals(List.of(C2pa.ACTIONS_V2, s.format().bmff() ? C2pa.BMFF_HASH_V3 : C2pa.DATA_HASH), r.assertions());
                assertEquals("image-gen-3/2.1.0", r.actions().get(0).softwareAgent());
                assertTrue(r.aiGenerated());
                assertEquals(timestamp, r.signature().orElseThrow().timestamp().isPresent(), what);
                // no anchors: intact, but the signer is not trusted
                ValidationReport untrusted = verifier(TrustAnchors.none()).verify(signed.asset(), s.format());
                assertEquals(ValidationState.VALID, untrusted.state(), what);
                assertTrue(untrusted.hasFailure(ValidationStatus.SIGNING_CREDENTIAL_UNTRUSTED), what);
                // one bit of the media changed: the hard binding fails
                ValidationReport altered = verifier(PKI.trustAnchors()).verify(Samples.flipped(signed.asset(), s.payloadByte(signed.asset())), s.format());
                assertEquals(ValidationState.INVALID, altered.state(), what);
                assertTrue(altered.hasFailure(s.format().bmff() ? ValidationStatus.BMFF_HASH_MISMATCH : ValidationStatus.DATA_HASH_MISMATCH),
                        what + ": " + altered.failure());
            }
        }
    }

    @Test
    void everySigningAlgorithmVerifies() throws Exception {
        for (DevPki.KeyAlgorithm alg : DevPki.KeyAlgorithm.values()) {
            DevPki.Issued leaf = PKI.leafBuilder().keyAlgorithm(alg).build();
            ManifestSigner signer = new ManifestSigner(new ManifestSigner.Generator("t", "1"), new KeySigner(leaf.key(), leaf.chain()));
            Samples.Sample s = Samples.ALL.get(0);
            ValidationReport r = verifier(PKI.trustAnchors()).verify(signer.sign(s.bytes(), s.format(), GENERATION, null).asset(), null);
            assertEquals(ValidationState.TRUSTED, r.state(), alg + ": " + r.failure());
        }
    }

    @Test
    void mediaThatAlreadyCarriesAManifestIsRefused() throws Exception {
        ManifestSigner signer = new ManifestSigner(new ManifestSigner.Generator("t", "1"), PKI.signer());
        Samples.Sample s = Samples.ALL.get(1);
        byte[] signed = signer.sign(s.bytes(), s.format(), GENERATION, null).asset();
        assertThrows(ManifestPresentException.class, () -> signer.sign(signed, s.format(), GENERATION, null));
    }
}

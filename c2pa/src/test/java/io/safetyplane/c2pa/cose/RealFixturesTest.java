package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Verifies signatures made by c2pa-rs (and by the shared fixture signer) taken from the shared JPEG fixtures. */
class RealFixturesTest {
    private static final Instant NOW = Instant.now();

    private static CoseVerification verify(String fixture) throws Exception {
        Fixtures.Manifest m = Fixtures.activeManifest(Fixtures.shared("c2pa-fixtures/" + fixture));
        return CoseSign1.verify(m.cose(), m.claim(), NOW);
    }

    @Test
    void generatedEs256WithV2Timestamp() throws Exception {
        CoseVerification v = verify("generated/ai-image.signed.jpg");
        assertTrue(v.signatureValid(), v.statuses()::toString);
        assertEquals(SigningAlg.ES256, v.alg().orElseThrow());
        assertEquals(2, v.chain().size());
        assertTrue(v.has(CoseVerification.CLAIM_SIGNATURE_VALIDATED));
        assertTrue(v.has(CoseVerification.TIMESTAMP_VALIDATED), v.statuses()::toString);
        assertEquals(2, v.timestamp().orElseThrow().version());
        assertFalse(v.has(CoseVerification.SIGNING_CREDENTIAL_INVALID), v.statuses()::toString);
    }

    @Test
    void c2paRsPs256WithV1Timestamp() throws Exception {
        CoseVerification v = verify("c2pa-rs/C.jpg");
        assertTrue(v.signatureValid(), v.statuses()::toString);
        assertEquals(SigningAlg.PS256, v.alg().orElseThrow());
        CoseVerification.TimestampInfo ts = v.timestamp().orElseThrow();
        assertEquals(1, ts.version());
        assertTrue(ts.imprintValid() && ts.tokenSignatureValid(), v.statuses()::toString);
        assertEquals(Instant.parse("2024-08-06T21:53:37Z"), ts.genTime());
        assertTrue(v.has(CoseVerification.TIMESTAMP_VALIDATED));
        assertFalse(v.has(CoseVerification.SIGNING_CREDENTIAL_EXPIRED), v.statuses()::toString);
    }

    @Test
    void c2paRsEs256WithV2Timestamp() throws Exception {
        CoseVerification v = verify("c2pa-rs/C_with_CAWG_data.jpg");
        assertTrue(v.signatureValid(), v.statuses()::toString);
        assertEquals(SigningAlg.ES256, v.alg().orElseThrow());
        assertEquals(2, v.timestamp().orElseThrow().version());
        assertTrue(v.has(CoseVerification.TIMESTAMP_VALIDATED), v.statuses()::toString);
    }

    @Test
    void corruptedSignatureIsAMismatch() throws Exception {
        CoseVerification v = verify("c2pa-rs/E-sig-CA.jpg");
        assertFalse(v.signatureValid());
        assertTrue(v.has(CoseVerification.CLAIM_SIGNATURE_MISMATCH), v.statuses()::toString);
        assertFalse(v.has(CoseVerification.CLAIM_SIGNATURE_VALIDATED));
    }

    @Test
    void contentChangeLeavesTheSignatureValid() throws Exception {
        // XCA.jpg changed image bytes only: the claim signature is intact
        assertTrue(verify("c2pa-rs/XCA.jpg").signatureValid());
        assertTrue(verify("c2pa-rs/CA.jpg").signatureValid());
    }
}

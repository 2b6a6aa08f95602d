package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoseSign1Test {
    private static final byte[] CLAIM = CBORObject.NewMap()
            .Add("instanceID", "xmp:iid:0d1e6f1c-1a5e-4f0e-8f3c-3b1b2b6c7d8e")
            .Add("claim_generator_info", CBORObject.NewArray().Add(CBORObject.NewMap().Add("name", "test")))
            .Add("signature", "self#jumbf=/c2pa/urn:c2pa:test/c2pa.signature")
            .EncodeToBytes();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static DevPki pki;

    @BeforeAll
    static void pki() {
        pki = DevPki.create("Cose Test", Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static ClaimSigner signerFor(DevPki.KeyAlgorithm algorithm) {
        return algorithm == DevPki.KeyAlgorithm.EC_P256 ? pki.signer()
                : pki.leafBuilder().keyAlgorithm(algorithm).build().signer();
    }

    @ParameterizedTest
    @EnumSource(value = DevPki.KeyAlgorithm.class, names = {"EC_P256", "RSA_2048", "ED25519", "EC_P384", "EC_P521"})
    void signsAndVerifiesAtExactSizes(DevPki.KeyAlgorithm algorithm) throws Exception {
        ClaimSigner signer = signerFor(algorithm);
        int reserve = CoseSign1.reserveSize(signer, false);
        int min = smallestSize(signer);
        assertTrue(min < reserve, "the reservation leaves room");
        // every size from the minimum across the pad's 1/2/3-byte length boundaries, then some larger ones
        for (int size = min; size < min + 300; size++) {
            if (algorithm == DevPki.KeyAlgorithm.EC_P256 || (size - min) % 25 == 0) {
                assertExactRoundTrip(signer, size);
            } else { // slow algorithms: length only
                assertEquals(size, CoseSign1.sign(CLAIM, signer, null, size).length);
            }
        }
        for (int size : new int[] {reserve, reserve + 1, min + 65530, min + 65535, min + 65536, min + 65538,
                min + 65539, min + 65540, min + 70000}) {
            assertExactRoundTrip(signer, size);
        }
        assertThrows(IllegalArgumentException.class, () -> CoseSign1.sign(CLAIM, signer, null, min - 1));
    }

    /** Binary search: every size from the smallest one up fits (pad2 covers the lengths one pad cannot reach). */
    private static int smallestSize(ClaimSigner signer) throws Exception {
        int lo = 1;
        int hi = CoseSign1.reserveSize(signer, false);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            try {
                CoseSign1.sign(CLAIM, signer, null, mid);
                hi = mid;
            } catch (IllegalArgumentException tooSmall) {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static void assertExactRoundTrip(ClaimSigner signer, int size) throws Exception {
        byte[] cose = CoseSign1.sign(CLAIM, signer, null, size);
        assertEquals(size, cose.length, "length for size " + size);
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid(), () -> "size " + size + ": " + v.statuses());
        assertEquals(List.of(CoseVerification.CLAIM_SIGNATURE_VALIDATED), v.codes(), "size " + size);
        assertEquals(signer.alg(), v.alg().orElseThrow());
        assertEquals(signer.chain(), v.chain());
    }

    @Test
    void structureMatchesC2pa() throws Exception {
        ClaimSigner signer = pki.signer();
        byte[] cose = CoseSign1.sign(CLAIM, signer, null, CoseSign1.reserveSize(signer, false));
        CBORObject sign1 = CBORObject.DecodeFromBytes(cose);
        assertTrue(sign1.HasMostOuterTag(18));
        CBORObject arr = sign1.UntagOne();
        assertEquals(4, arr.size());
        assertTrue(arr.get(2).isNull(), "detached payload");
        byte[] protectedBytes = arr.get(0).GetByteString();
        CBORObject header = CBORObject.DecodeFromBytes(protectedBytes);
        assertEquals(2, header.size());
        assertEquals(-7, header.get(CBORObject.FromObject(1)).AsInt32Value());
        CBORObject x5chain = header.get(CBORObject.FromObject(33));
        assertEquals(CBORType.Array, x5chain.getType());
        assertArrayEquals(pki.leaf().getEncoded(), x5chain.get(0).GetByteString());
        assertArrayEquals(pki.intermediate().getEncoded(), x5chain.get(1).GetByteString());
        // the signature verifies over a Sig_structure encoded by an independent CBOR library
        byte[] sigStructure = CBORObject.NewArray().Add("Signature1").Add(protectedBytes).Add(new byte[0])
                .Add(CLAIM).EncodeToBytes();
        assertArrayEquals(sigStructure, CoseSign1.sigStructure(protectedBytes, CLAIM));
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pki.leaf().getPublicKey());
        verifier.update(sigStructure);
        byte[] signature = arr.get(3).GetByteString();
        assertEquals(64, signature.length);
        assertTrue(verifier.verify(signature));
        CBORObject pad = arr.get(1).get("pad");
        assertNotNull(pad);
        for (byte b : pad.GetByteString()) {
            assertEquals(0, b);
        }
    }

    @Test
    void singleCertificateIsABareByteString() throws Exception {
        KeySigner signer = new KeySigner(pki.signingKey(), List.of(pki.leaf()));
        byte[] cose = CoseSign1.sign(CLAIM, signer, null, 2000);
        CBORObject header = CBORObject.DecodeFromBytes(CBORObject.DecodeFromBytes(cose).UntagOne().get(0).GetByteString());
        assertEquals(CBORType.ByteString, header.get(CBORObject.FromObject(33)).getType());
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertEquals(List.of(pki.leaf()), v.chain());
    }

    @Test
    void tamperedClaimIsAMismatch() throws Exception {
        byte[] cose = CoseSign1.sign(CLAIM, pki.signer(), null, 4000);
        byte[] tampered = CLAIM.clone();
        tampered[tampered.length - 3] ^= 1;
        CoseVerification v = CoseSign1.verify(cose, tampered, NOW);
        assertFalse(v.signatureValid());
        assertTrue(v.has(CoseVerification.CLAIM_SIGNATURE_MISMATCH), v.statuses()::toString);
        assertFalse(v.has(CoseVerification.CLAIM_SIGNATURE_VALIDATED));
    }

    @Test
    void tamperedSignatureIsAMismatch() throws Exception {
        byte[] cose = CoseSign1.sign(CLAIM, pki.signer(), null, 4000);
        cose[cose.length - 5] ^= 0x40; // inside the signature bytes at the end
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertFalse(v.signatureValid());
        assertTrue(v.has(CoseVerification.CLAIM_SIGNATURE_MISMATCH));
    }

    @Test
    void v2TimestampVerifies() throws Exception {
        ClaimSigner signer = pki.signer();
        int size = CoseSign1.reserveSize(signer, true);
        byte[] cose = CoseSign1.sign(CLAIM, signer, pki.timestampAuthority(), size);
        assertEquals(size, cose.length);
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertEquals(List.of(CoseVerification.CLAIM_SIGNATURE_VALIDATED, CoseVerification.TIMESTAMP_VALIDATED),
                v.codes(), v.statuses()::toString);
        CoseVerification.TimestampInfo ts = v.timestamp().orElseThrow();
        assertEquals(2, ts.version());
        assertEquals(NOW, ts.genTime());
        assertTrue(ts.imprintValid() && ts.tokenSignatureValid());
        assertEquals(pki.tsaCertificate(), ts.tsaChain().get(0));
        assertEquals(pki.intermediate(), ts.tsaChain().get(1));
        assertEquals(NOW, v.signingTime().orElseThrow());

        // the imprint is SHA-256 of ["CounterSignature", protected, h'', bstr(CBOR bstr(signature))],
        // encoded here with an independent CBOR library
        CBORObject arr = CBORObject.DecodeFromBytes(cose).UntagOne();
        byte[] protectedBytes = arr.get(0).GetByteString();
        byte[] signature = arr.get(3).GetByteString();
        byte[] countersign = CBORObject.NewArray().Add("CounterSignature").Add(protectedBytes).Add(new byte[0])
                .Add(CBORObject.FromObject(signature).EncodeToBytes()).EncodeToBytes();
        CBORObject tokens = arr.get(1).get("sigTst2").get("tstTokens");
        assertEquals(1, tokens.size());
        TimeStampToken token = TimestampTokens.parse(tokens.get(0).get("val").GetByteString());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(countersign),
                token.getTimeStampInfo().getMessageImprintDigest());
        assertTrue(token.getTimeStampInfo().getMessageImprintAlgOID().getId().equals("2.16.840.1.101.3.4.2.1"));
    }

    @Test
    void tokenForAnotherImprintIsAMismatch() throws Exception {
        byte[] other = sha256("something else".getBytes(StandardCharsets.UTF_8));
        TimestampAuthority wrong = imprint -> pki.timestampAuthority().timestamp(other);
        byte[] cose = CoseSign1.sign(CLAIM, pki.signer(), wrong, 12000);
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertTrue(v.has(CoseVerification.TIMESTAMP_MISMATCH), v.statuses()::toString);
        assertFalse(v.has(CoseVerification.TIMESTAMP_VALIDATED));
        assertFalse(v.timestamp().orElseThrow().imprintValid());
        assertTrue(v.timestamp().orElseThrow().tokenSignatureValid());
        assertTrue(v.signingTime().isEmpty());
    }

    @Test
    void validityIsCheckedAtTheTimestampElseNow() throws Exception {
        Instant then = NOW.minus(Duration.ofDays(400));
        DevPki old = DevPki.create("Old", Duration.ofDays(10), Clock.fixed(then, ZoneOffset.UTC));
        byte[] stamped = CoseSign1.sign(CLAIM, old.signer(), old.timestampAuthority(), 12000);
        CoseVerification v = CoseSign1.verify(stamped, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertFalse(v.has(CoseVerification.SIGNING_CREDENTIAL_EXPIRED), v.statuses()::toString);

        byte[] unstamped = CoseSign1.sign(CLAIM, old.signer(), null, 4000);
        CoseVerification u = CoseSign1.verify(unstamped, CLAIM, NOW);
        assertTrue(u.signatureValid());
        assertTrue(u.has(CoseVerification.SIGNING_CREDENTIAL_EXPIRED), u.statuses()::toString);
        assertFalse(CoseSign1.verify(unstamped, CLAIM, then.plus(Duration.ofDays(1)))
                .has(CoseVerification.SIGNING_CREDENTIAL_EXPIRED));
    }

    @Test
    void profileProblemsAreInvalidCredentials() throws Exception {
        DevPki.Issued noEku = pki.leafBuilder().extendedKeyUsages().build();
        CoseVerification v = CoseSign1.verify(CoseSign1.sign(CLAIM, noEku.signer(), null, 4000), CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertTrue(v.has(CoseVerification.SIGNING_CREDENTIAL_INVALID), v.statuses()::toString);
    }

    @Test
    void readsV1TimestampOverTheClaim() throws Exception {
        // v1 (sigTst): the token stamps ["CounterSignature", protected, h'', claim] and val may be a whole TimeStampResp
        KeySigner signer = pki.signer();
        byte[] protectedBytes = CoseSign1.protectedHeader(signer.alg(), signer.chain());
        byte[] signature = signer.sign(CoseSign1.sigStructure(protectedBytes, CLAIM));
        byte[] imprint = sha256(CoseSign1.counterSignatureData(protectedBytes, CLAIM));
        org.bouncycastle.tsp.TimeStampRequestGenerator gen = new org.bouncycastle.tsp.TimeStampRequestGenerator();
        gen.setCertReq(true);
        byte[] response = pki.timestampAuthority().respond(
                gen.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256, imprint).getEncoded());
        CBORObject unprotected = CBORObject.NewMap().Add("sigTst", CBORObject.NewMap().Add("tstTokens",
                CBORObject.NewArray().Add(CBORObject.NewMap().Add("val", response))));
        byte[] cose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedBytes).Add(unprotected)
                .Add(CBORObject.Null).Add(signature), 18).EncodeToBytes();
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertTrue(v.has(CoseVerification.TIMESTAMP_VALIDATED), v.statuses()::toString);
        assertEquals(1, v.timestamp().orElseThrow().version());
    }

    @Test
    void readsLegacyUnprotectedChain() throws Exception {
        KeySigner signer = pki.signer();
        byte[] protectedBytes = CBORObject.NewMap().Add(1, -7).EncodeToBytes();
        byte[] signature = signer.sign(CoseSign1.sigStructure(protectedBytes, CLAIM));
        CBORObject chain = CBORObject.NewArray().Add(pki.leaf().getEncoded()).Add(pki.intermediate().getEncoded());
        byte[] cose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedBytes)
                .Add(CBORObject.NewMap().Add("x5chain", chain)).Add(CBORObject.Null).Add(signature), 18).EncodeToBytes();
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.signatureValid(), v.statuses()::toString);
        assertEquals(2, v.chain().size());
    }

    @Test
    void unsupportedAlgorithm() throws Exception {
        byte[] protectedBytes = CBORObject.NewMap().Add(1, -257).Add(33, pki.leaf().getEncoded()).EncodeToBytes();
        byte[] cose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedBytes).Add(CBORObject.NewMap())
                .Add(CBORObject.Null).Add(new byte[256]), 18).EncodeToBytes();
        CoseVerification v = CoseSign1.verify(cose, CLAIM, NOW);
        assertTrue(v.alg().isEmpty());
        assertFalse(v.signatureValid());
        assertTrue(v.has(CoseVerification.ALGORITHM_UNSUPPORTED));
    }

    @Test
    void derEcdsaSignatureIsRejectedWhenVerifyingAndConvertedWhenSigning() throws Exception {
        KeySigner inner = pki.signer();
        ClaimSigner derSigner = new ClaimSigner() {
            @Override
            public SigningAlg alg() {
                return SigningAlg.ES256;
            }

            @Override
            public List<X509Certificate> chain() {
                return inner.chain();
            }

            @Override
            public byte[] sign(byte[] toBeSigned) {
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(pki.signingKey());
                    s.update(toBeSigned);
                    return s.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        byte[] cose = CoseSign1.sign(CLAIM, derSigner, null, 4000);
        assertTrue(CoseSign1.verify(cose, CLAIM, NOW).signatureValid(), "DER from a remote signer becomes P1363");

        byte[] protectedBytes = CoseSign1.protectedHeader(SigningAlg.ES256, inner.chain());
        byte[] der = derSigner.sign(CoseSign1.sigStructure(protectedBytes, CLAIM));
        byte[] derCose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedBytes).Add(CBORObject.NewMap())
                .Add(CBORObject.Null).Add(der), 18).EncodeToBytes();
        CoseVerification v = CoseSign1.verify(derCose, CLAIM, NOW);
        assertFalse(v.signatureValid());
        assertTrue(v.has(CoseVerification.SIGNING_CREDENTIAL_INVALID), v.statuses()::toString);
    }

    @Test
    void moreThanOneTokenIsMalformed() throws Exception {
        byte[] cose = CoseSign1.sign(CLAIM, pki.signer(), pki.timestampAuthority(), 12000);
        CBORObject arr = CBORObject.DecodeFromBytes(cose).UntagOne();
        CBORObject tokens = arr.get(1).get("sigTst2").get("tstTokens");
        tokens.Add(tokens.get(0));
        byte[] twice = CBORObject.FromObjectAndTag(arr, 18).EncodeToBytes();
        CoseVerification v = CoseSign1.verify(twice, CLAIM, NOW);
        assertTrue(v.signatureValid());
        assertTrue(v.has(CoseVerification.TIMESTAMP_MALFORMED), v.statuses()::toString);
        assertTrue(v.timestamp().isEmpty());
    }

    @Test
    void badInputNeverThrows() throws Exception {
        assertTrue(CoseSign1.verify(null, CLAIM, NOW).has(CoseVerification.CLAIM_SIGNATURE_MISSING));
        assertTrue(CoseSign1.verify(new byte[0], CLAIM, NOW).has(CoseVerification.CLAIM_SIGNATURE_MISSING));
        assertTrue(CoseSign1.verify(new byte[5000], CLAIM, NOW).has(CoseVerification.CLAIM_SIGNATURE_MISSING));
        assertTrue(CoseSign1.verify(new byte[] {(byte) 0xd2, (byte) 0x84}, CLAIM, NOW)
                .has(CoseVerification.CLAIM_SIGNATURE_MISMATCH));
        assertTrue(CoseSign1.verify(CBORObject.FromObject("x").EncodeToBytes(), CLAIM, NOW)
                .has(CoseVerification.CLAIM_SIGNATURE_MISMATCH));
        assertFalse(CoseSign1.verify(CoseSign1.sign(CLAIM, pki.signer(), null, 4000), null, NOW).signatureValid());

        byte[] good = CoseSign1.sign(CLAIM, pki.signer(), pki.timestampAuthority(), 12000);
        Random random = new Random(42);
        for (int i = 0; i < 600; i++) {
            byte[] bad = good.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // bias towards the headers, where the structure is
                int at = random.nextInt(random.nextBoolean() ? Math.min(bad.length, 1600) : bad.length);
                bad[at] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) {
                bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
            }
            CoseVerification v = CoseSign1.verify(bad, CLAIM, NOW);
            assertNotNull(v.statuses());
        }
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}

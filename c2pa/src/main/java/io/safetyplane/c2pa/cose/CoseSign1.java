package io.safetyplane.c2pa.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * C2PA claim signatures: COSE_Sign1 (RFC 9052) with a detached payload (the claim's CBOR bytes), the
 * certificate chain in the protected header, an optional RFC 3161 time stamp in the unprotected header
 * and zero padding up to the size reserved in the manifest store. Ports the behaviour of c2pa-rs
 * {@code crypto/cose/sign.rs}, {@code sign1.rs}, {@code sigtst.rs} and {@code verifier.rs}.
 */
public final class CoseSign1 {
    static final int TAG_COSE_SIGN1 = 18;
    static final int HEADER_ALG = 1;
    static final int HEADER_X5CHAIN = 33;
    private static final byte[] EMPTY = new byte[0];
    private static final int COSE_OVERHEAD = 1024;
    private static final int TIME_STAMP_RESERVE = 10000;

    private CoseSign1() {
    }

    /**
     * The number of bytes to reserve for the signature, as c2pa-rs {@code cose_reserve_size} computes it:
     * raw signature size + DER certificate chain + 1024, + 10000 with a time stamp.
     */
    public static int reserveSize(ClaimSigner signer, boolean timestamp) {
        int certs = 0;
        for (X509Certificate cert : signer.chain()) {
            certs += der(cert).length;
        }
        return signer.alg().rawSignatureSize(signer.chain().get(0).getPublicKey()) + certs + COSE_OVERHEAD
                + (timestamp ? TIME_STAMP_RESERVE : 0);
    }

    /**
     * Signs a claim: {@code Sig_structure = ["Signature1", protected, h'', claimBytes]}, then (with a TSA)
     * adds a v2 time stamp {@code sigTst2} whose imprint is the SHA-256 of
     * {@code ["CounterSignature", protected, h'', bstr(CBOR bstr(signature))]}, then pads with {@code pad}
     * (and {@code pad2} for lengths one pad cannot reach) so the tagged COSE_Sign1 is exactly {@code size} bytes.
     *
     * @param tsa the time-stamping authority, or null for none
     * @param size the exact length of the result (see {@link #reserveSize})
     * @throws IllegalArgumentException when the signature does not fit in {@code size} bytes
     * @throws TimestampException when the TSA fails
     */
    public static byte[] sign(byte[] claimBytes, ClaimSigner signer, TimestampAuthority tsa, int size)
            throws TimestampException {
        byte[] protectedHeader = protectedHeader(signer.alg(), signer.chain());
        byte[] signature = signer.sign(sigStructure(protectedHeader, claimBytes));
        signature = toRawSignature(signer.alg(), signature);
        byte[] sigTst = null;
        if (tsa != null) {
            byte[] imprint = TimestampTokens.digest("SHA-256",
                    counterSignatureData(protectedHeader, new Cbor(signature.length + 3).bytes(signature).toByteArray()));
            byte[] token = tsa.timestamp(imprint);
            sigTst = new Cbor(token.length + 24).map(1).text("tstTokens").array(1).map(1).text("val").bytes(token)
                    .toByteArray();
        }
        return pad(protectedHeader, sigTst, signature, size);
    }

    /** The protected header {@code {1: alg, 33: x5chain}}; one certificate is a bstr, more are an array. */
    static byte[] protectedHeader(SigningAlg alg, List<X509Certificate> chain) {
        List<byte[]> ders = new ArrayList<>(chain.size());
        int total = 16;
        for (X509Certificate cert : chain) {
            byte[] d = der(cert);
            ders.add(d);
            total += d.length + 5;
        }
        Cbor c = new Cbor(total).map(2).integer(HEADER_ALG).integer(alg.coseId()).integer(HEADER_X5CHAIN);
        if (ders.size() == 1) {
            c.bytes(ders.get(0));
        } else {
            c.array(ders.size());
            ders.forEach(c::bytes);
        }
        return c.toByteArray();
    }

    /** {@code ["Signature1", protected, h'', payload]}, the bytes a COSE_Sign1 signs. */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return new Cbor(protectedHeader.length + payload.length + 32)
                .array(4).text("Signature1").bytes(protectedHeader).bytes(EMPTY).bytes(payload).toByteArray();
    }

    /** {@code ["CounterSignature", protected, h'', payload]}: what an RFC 3161 token in sigTst/sigTst2 stamps. */
    static byte[] counterSignatureData(byte[] protectedHeader, byte[] payload) {
        return new Cbor(protectedHeader.length + payload.length + 32)
                .array(4).text("CounterSignature").bytes(protectedHeader).bytes(EMPTY).bytes(payload).toByteArray();
    }

    private static byte[] pad(byte[] protectedHeader, byte[] sigTst, byte[] signature, int size) {
        // tag 18, array(4), protected bstr, map header, [sigTst2], null, signature bstr
        long fixed = 1 + 1 + Cbor.headSize(protectedHeader.length) + protectedHeader.length + 1
                + (sigTst == null ? 0 : 8 + sigTst.length) + 1 + Cbor.headSize(signature.length) + signature.length;
        long need = size - fixed - 4; // what the "pad" value (head + zeros) must take
        if (need < 1) {
            throw new IllegalArgumentException("the COSE_Sign1 needs at least " + (fixed + 5)
                    + " bytes but only " + size + " are reserved");
        }
        int padLength = fit(need);
        int pad2Length = -1;
        if (padLength < 0) {
            for (int m = 0; m < 32 && padLength < 0; m++) {
                long rest = need - 5 - Cbor.headSize(m) - m; // "pad2" key + its value
                if (rest < 1) {
                    break;
                }
                padLength = fit(rest);
                pad2Length = m;
            }
            if (padLength < 0) {
                throw new IllegalArgumentException("cannot pad the COSE_Sign1 to exactly " + size + " bytes");
            }
        }
        Cbor c = new Cbor(size).tag(TAG_COSE_SIGN1).array(4).bytes(protectedHeader)
                .map(1 + (pad2Length >= 0 ? 1 : 0) + (sigTst == null ? 0 : 1));
        // keys in canonical (length-first, then bytewise) order
        c.text("pad").zeros(padLength);
        if (pad2Length >= 0) {
            c.text("pad2").zeros(pad2Length);
        }
        if (sigTst != null) {
            c.text("sigTst2").raw(sigTst);
        }
        c.nul().bytes(signature);
        if (c.length() != size) {
            throw new IllegalStateException("padding arithmetic failed: " + c.length() + " != " + size);
        }
        return c.toByteArray();
    }

    /** The length n of a zero bstr whose encoding (head + n) is exactly {@code total} bytes, or -1. */
    private static int fit(long total) {
        for (int head : new int[] {1, 2, 3, 5}) {
            long n = total - head;
            if (n >= 0 && n <= Integer.MAX_VALUE && Cbor.headSize(n) == head) {
                return (int) n;
            }
        }
        return -1;
    }

    /** ECDSA signers (HSMs, KMS) often return DER; COSE needs IEEE P1363 {@code r‖s}. */
    private static byte[] toRawSignature(SigningAlg alg, byte[] signature) {
        int expected = switch (alg) {
            case ES256 -> 64;
            case ES384 -> 96;
            case ES512 -> 132;
            default -> 0;
        };
        if (expected == 0 || signature.length == expected) {
            return signature;
        }
        byte[] raw = derToP1363(signature, expected);
        if (raw == null) {
            throw new IllegalStateException(alg + " signer returned " + signature.length
                    + " bytes, neither P1363 nor DER");
        }
        return raw;
    }

    /** A DER ECDSA-Sig-Value as r‖s of {@code length} bytes, or null when it is not one. */
    static byte[] derToP1363(byte[] der, int length) {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (!java.util.Arrays.equals(primitive.getEncoded("DER"), der)) {
                return null;
            }
            ASN1Sequence seq = ASN1Sequence.getInstance(primitive);
            if (seq.size() != 2) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            byte[] out = new byte[length];
            if (!unsigned(r, out, 0, length / 2) || !unsigned(s, out, length / 2, length / 2)) {
                return null;
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean unsigned(BigInteger v, byte[] out, int offset, int len) {
        if (v.signum() < 0) {
            return false;
        }
        byte[] b = v.toByteArray();
        int start = b.length > 1 && b[0] == 0 ? 1 : 0;
        int n = b.length - start;
        if (n > len) {
            return false;
        }
        System.arraycopy(b, start, out, offset + len - n, n);
        return true;
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
        }
    }

    // ------------------------------------------------------------------------------------ verification

    /**
     * Verifies a claim signature over {@code claimBytes}. Never throws on malformed input: problems are
     * reported as status codes. The signing certificate's validity is checked at the time stamp's
     * genTime when a valid time stamp is present, else at {@code now}.
     */
    public static CoseVerification verify(byte[] cose, byte[] claimBytes, Instant now) {
        List<CoseVerification.Status> statuses = new ArrayList<>();
        try {
            return doVerify(cose, claimBytes == null ? EMPTY : claimBytes, now == null ? Instant.now() : now,
                    statuses);
        } catch (RuntimeException | StackOverflowError e) {
            statuses.add(new CoseVerification.Status(CoseVerification.CLAIM_SIGNATURE_MISMATCH,
                    "the signature could not be processed: " + e));
            return new CoseVerification(Optional.empty(), List.of(), false, Optional.empty(), statuses);
        }
    }

    private static CoseVerification doVerify(byte[] cose, byte[] claimBytes, Instant now,
                                             List<CoseVerification.Status> statuses) {
        if (cose == null || cose.length == 0 || allZero(cose)) {
            statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISSING, "the claim signature is empty"));
            return failed(statuses);
        }
        CBORObject sign1;
        try {
            sign1 = CBORObject.DecodeFromBytes(cose);
        } catch (RuntimeException e) {
            statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISMATCH, "the signature is not CBOR: "
                    + e.getMessage()));
            return failed(statuses);
        }
        if (!sign1.HasMostOuterTag(TAG_COSE_SIGN1) || sign1.getTagCount() != 1) {
            statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISMATCH, "the signature is not a tagged COSE_Sign1"));
            return failed(statuses);
        }
        CBORObject arr = sign1.UntagOne();
        if (arr.getType() != CBORType.Array || arr.size() != 4
                || arr.get(0).getType() != CBORType.ByteString || arr.get(0).isTagged()
                || arr.get(1).getType() != CBORType.Map
                || !(arr.get(2).isNull() || arr.get(2).getType() == CBORType.ByteString)
                || arr.get(3).getType() != CBORType.ByteString) {
            statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISMATCH,
                    "the signature is not a COSE_Sign1 [protected, unprotected, payload, signature]"));
            return failed(statuses);
        }
        byte[] protectedBytes = arr.get(0).GetByteString();
        CBORObject unprotected = arr.get(1);
        byte[] signature = arr.get(3).GetByteString();
        CBORObject protectedMap;
        try {
            protectedMap = protectedBytes.length == 0 ? CBORObject.NewMap() : CBORObject.DecodeFromBytes(protectedBytes);
        } catch (RuntimeException e) {
            protectedMap = null;
        }
        if (protectedMap == null || protectedMap.getType() != CBORType.Map) {
            statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISMATCH, "the protected header is not a CBOR map"));
            return failed(statuses);
        }

        // algorithm
        Optional<SigningAlg> alg = Optional.empty();
        CBORObject algValue = lookup(protectedMap, HEADER_ALG, null);
        if (algValue != null && algValue.getType() == CBORType.Integer && algValue.CanValueFitInInt32()) {
            alg = SigningAlg.ofCoseId(algValue.AsInt32Value());
        }
        if (alg.isEmpty()) {
            statuses.add(status(CoseVerification.ALGORITHM_UNSUPPORTED, algValue == null
                    ? "no algorithm in the protected header" : "unsupported algorithm " + algValue));
        }

        // certificate chain: protected x5chain (33), else the legacy unprotected one; never both
        List<X509Certificate> chain = List.of();
        CBORObject protectedChain = lookup(protectedMap, HEADER_X5CHAIN, "x5chain");
        CBORObject unprotectedChain = lookup(unprotected, Integer.MIN_VALUE, "x5chain");
        String chainProblem = null;
        if (protectedChain != null && unprotectedChain != null) {
            chainProblem = "x5chain is in both the protected and the unprotected header";
        } else if (protectedChain == null && unprotectedChain == null) {
            chainProblem = "no signing certificate chain (x5chain)";
        } else {
            try {
                chain = parseChain(protectedChain != null ? protectedChain : unprotectedChain);
                if (chain.isEmpty()) {
                    chainProblem = "the signing certificate chain (x5chain) is empty";
                }
            } catch (Exception e) {
                chainProblem = "the signing certificate chain (x5chain) cannot be read: " + e.getMessage();
                chain = List.of();
            }
        }

        // signature over the claim
        boolean signatureValid = false;
        if (chainProblem != null) {
            statuses.add(status(CoseVerification.SIGNING_CREDENTIAL_INVALID, chainProblem));
        } else if (alg.isPresent()) {
            SigningAlg a = alg.get();
            PublicKey key = chain.get(0).getPublicKey();
            int p1363 = switch (a) {
                case ES256 -> 64;
                case ES384 -> 96;
                case ES512 -> 132;
                default -> 0;
            };
            if (!a.fitsKey(key)) {
                statuses.add(status(CoseVerification.CLAIM_SIGNATURE_MISMATCH, a + " does not fit the signing "
                        + "certificate's " + key.getAlgorithm() + " key"));
            } else if (p1363 != 0 && signature.length != p1363 && derToP1363(signature, p1363) != null) {
                statuses.add(status(CoseVerification.SIGNING_CREDENTIAL_INVALID,
                        "EC signature in DER form; COSE requires IEEE P1363 r|s"));
            } else {
                signatureValid = verifySignature(a, key, sigStructure(protectedBytes, claimBytes), signature);
                statuses.add(signatureValid
                        ? status(CoseVerification.CLAIM_SIGNATURE_VALIDATED, a + " signature by "
                                + chain.get(0).getSubjectX500Principal().getName() + " matches the claim")
                        : status(CoseVerification.CLAIM_SIGNATURE_MISMATCH,
                                "the signature does not match the claim"));
            }
        }

        // time stamp: sigTst2 (v2, over the signature) or sigTst (v1, over the claim)
        Optional<CoseVerification.TimestampInfo> timestamp = Optional.empty();
        CBORObject sigTst2 = lookup(unprotected, Integer.MIN_VALUE, "sigTst2");
        CBORObject sigTst1 = lookup(unprotected, Integer.MIN_VALUE, "sigTst");
        if (sigTst2 != null || sigTst1 != null) {
            int version = sigTst2 != null ? 2 : 1;
            CBORObject container = sigTst2 != null ? sigTst2 : sigTst1;
            byte[] stamped = version == 2 ? new Cbor(signature.length + 9).bytes(signature).toByteArray() : claimBytes;
            timestamp = checkTimestamp(container, counterSignatureData(protectedBytes, stamped), version, statuses);
        }

        // signing credential: profile, and validity at the time stamp (if valid) or now
        if (!chain.isEmpty()) {
            Instant at = timestamp.filter(CoseVerification.TimestampInfo::valid)
                    .map(CoseVerification.TimestampInfo::genTime).orElse(now);
            for (CertificateProfile.Problem p : CertificateProfile.check(chain.get(0), at)) {
                statuses.add(status(p.kind() == CertificateProfile.Kind.VALIDITY
                        ? CoseVerification.SIGNING_CREDENTIAL_EXPIRED : CoseVerification.SIGNING_CREDENTIAL_INVALID,
                        p.reason()));
            }
        }
        return new CoseVerification(alg, chain, signatureValid, timestamp, statuses);
    }

    private static Optional<CoseVerification.TimestampInfo> checkTimestamp(
            CBORObject container, byte[] stamped, int version, List<CoseVerification.Status> statuses) {
        String name = version == 2 ? "sigTst2" : "sigTst";
        CBORObject tokens = container.getType() == CBORType.Map ? container.get("tstTokens") : null;
        if (tokens == null || tokens.getType() != CBORType.Array || tokens.size() == 0) {
            statuses.add(status(CoseVerification.TIMESTAMP_MALFORMED, name + " holds no tstTokens array"));
            return Optional.empty();
        }
        if (tokens.size() > 1) {
            statuses.add(status(CoseVerification.TIMESTAMP_MALFORMED,
                    "only a single time stamp is allowed in " + name + ", found " + tokens.size()));
            return Optional.empty();
        }
        CBORObject token = tokens.get(0);
        CBORObject val = token.getType() == CBORType.Map ? token.get("val") : null;
        if (val == null || val.getType() != CBORType.ByteString) {
            statuses.add(status(CoseVerification.TIMESTAMP_MALFORMED, name + " token has no val byte string"));
            return Optional.empty();
        }
        TimestampTokens.Checked checked = TimestampTokens.check(val.GetByteString(), stamped, version);
        statuses.addAll(checked.statuses());
        return Optional.ofNullable(checked.info());
    }

    private static boolean verifySignature(SigningAlg alg, PublicKey key, byte[] tbs, byte[] signature) {
        try {
            Signature verifier = alg.newSignature();
            verifier.initVerify(key);
            verifier.update(tbs);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static List<X509Certificate> parseChain(CBORObject value) throws Exception {
        List<byte[]> ders = new ArrayList<>();
        if (value.getType() == CBORType.ByteString) {
            ders.add(value.GetByteString());
        } else if (value.getType() == CBORType.Array) {
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i).getType() == CBORType.ByteString) { // c2pa-rs skips other items
                    ders.add(value.get(i).GetByteString());
                }
            }
        } else {
            throw new IllegalArgumentException("x5chain is neither a byte string nor an array");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : ders) {
            certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return certs;
    }

    /** The value under an integer label (when not MIN_VALUE) or a text label (when not null). */
    private static CBORObject lookup(CBORObject map, int intLabel, String textLabel) {
        for (Map.Entry<CBORObject, CBORObject> e : map.getEntries()) {
            CBORObject k = e.getKey();
            if (k.isTagged()) {
                continue;
            }
            if (intLabel != Integer.MIN_VALUE && k.getType() == CBORType.Integer && k.CanValueFitInInt32()
                    && k.AsInt32Value() == intLabel) {
                return e.getValue();
            }
            if (textLabel != null && k.getType() == CBORType.TextString && textLabel.equals(k.AsString())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static CoseVerification.Status status(String code, String explanation) {
        return new CoseVerification.Status(code, explanation);
    }

    private static CoseVerification failed(List<CoseVerification.Status> statuses) {
        return new CoseVerification(Optional.empty(), List.of(), false, Optional.empty(), statuses);
    }
}

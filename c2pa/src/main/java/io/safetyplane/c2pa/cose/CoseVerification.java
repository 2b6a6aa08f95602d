package io.safetyplane.c2pa.cose;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link CoseSign1#verify} found in a claim signature. Status codes use the C2PA reference
 * implementation's vocabulary ({@code claimSignature.validated}, {@code timeStamp.mismatch}, …) so the
 * results compare directly with c2pa-rs. Trust in the signer or the TSA is not judged here; check
 * {@link #chain()} and {@link TimestampInfo#tsaChain()} with {@link TrustAnchors}.
 *
 * @param alg the algorithm from the protected header, when it is one C2PA allows
 * @param chain the signing chain from x5chain, leaf first (empty when missing or unreadable)
 * @param signatureValid whether the signature over the claim verified with the leaf's key
 * @param timestamp the RFC 3161 time stamp from {@code sigTst2} (v2) or {@code sigTst} (v1), when present and readable
 * @param statuses what was checked and found, in order
 */
public record CoseVerification(
        Optional<SigningAlg> alg,
        List<X509Certificate> chain,
        boolean signatureValid,
        Optional<TimestampInfo> timestamp,
        List<Status> statuses) {

    public static final String CLAIM_SIGNATURE_VALIDATED = "claimSignature.validated";
    public static final String CLAIM_SIGNATURE_MISMATCH = "claimSignature.mismatch";
    public static final String CLAIM_SIGNATURE_MISSING = "claimSignature.missing";
    public static final String ALGORITHM_UNSUPPORTED = "algorithm.unsupported";
    public static final String TIMESTAMP_VALIDATED = "timeStamp.validated";
    public static final String TIMESTAMP_MISMATCH = "timeStamp.mismatch";
    public static final String TIMESTAMP_MALFORMED = "timeStamp.malformed";
    /** The token's signature does not verify with the TSA certificate it names. */
    public static final String TIMESTAMP_UNTRUSTED = "timeStamp.untrusted";
    /** The TSA certificate was not valid at the token's genTime. */
    public static final String TIMESTAMP_OUTSIDE_VALIDITY = "timeStamp.outsideValidity";
    public static final String SIGNING_CREDENTIAL_INVALID = "signingCredential.invalid";
    public static final String SIGNING_CREDENTIAL_EXPIRED = "signingCredential.expired";

    public CoseVerification {
        chain = List.copyOf(chain);
        statuses = List.copyOf(statuses);
    }

    /** One finding: a status code and why. */
    public record Status(String code, String explanation) {
        @Override
        public String toString() {
            return code + ": " + explanation;
        }
    }

    /**
     * An RFC 3161 time stamp on the signature.
     *
     * @param genTime the token's genTime
     * @param imprintValid whether the token's message imprint matches this signature
     * @param tokenSignatureValid whether the token's CMS signature verified with the TSA certificate it
     *     carries, and that certificate was a valid time-stamping certificate at genTime
     * @param tsaChain the certificates in the token, the TSA's first, then its issuers as found
     * @param version 2 for {@code sigTst2} (imprint over the signature), 1 for {@code sigTst} (over the claim)
     */
    public record TimestampInfo(Instant genTime, boolean imprintValid, boolean tokenSignatureValid,
                                List<X509Certificate> tsaChain, int version) {
        public TimestampInfo {
            tsaChain = List.copyOf(tsaChain);
        }

        /** Signature and imprint both check out, so genTime can be relied on. */
        public boolean valid() {
            return imprintValid && tokenSignatureValid;
        }
    }

    /** Whether a status with this code was reported. */
    public boolean has(String code) {
        return statuses.stream().anyMatch(s -> s.code().equals(code));
    }

    public List<String> codes() {
        return statuses.stream().map(Status::code).toList();
    }

    /** The time the signature is known to have existed: a valid time stamp's genTime. */
    public Optional<Instant> signingTime() {
        return timestamp.filter(TimestampInfo::valid).map(TimestampInfo::genTime);
    }
}

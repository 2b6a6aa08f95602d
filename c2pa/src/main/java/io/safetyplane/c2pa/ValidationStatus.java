package io.safetyplane.c2pa;

/**
 * One finding of a validation, with the reference implementation's code ({@code claimSignature.validated},
 * {@code assertion.dataHash.mismatch} …), the JUMBF URI it concerns when there is one, and an explanation.
 */
public record ValidationStatus(String code, String url, String explanation) {

    /** Codes the verifier gives. */
    public static final String CLAIM_SIGNATURE_VALIDATED = "claimSignature.validated";
    public static final String CLAIM_SIGNATURE_MISMATCH = "claimSignature.mismatch";
    public static final String CLAIM_SIGNATURE_MISSING = "claimSignature.missing";
    public static final String CLAIM_MISSING = "claim.missing";
    public static final String CLAIM_MALFORMED = "claim.malformed";
    public static final String MANIFEST_MALFORMED = "manifest.malformed";
    public static final String SIGNING_CREDENTIAL_TRUSTED = "signingCredential.trusted";
    public static final String SIGNING_CREDENTIAL_UNTRUSTED = "signingCredential.untrusted";
    public static final String SIGNING_CREDENTIAL_INVALID = "signingCredential.invalid";
    public static final String SIGNING_CREDENTIAL_EXPIRED = "signingCredential.expired";
    public static final String TIMESTAMP_VALIDATED = "timeStamp.validated";
    public static final String TIMESTAMP_TRUSTED = "timeStamp.trusted";
    public static final String TIMESTAMP_UNTRUSTED = "timeStamp.untrusted";
    public static final String TIMESTAMP_MISMATCH = "timeStamp.mismatch";
    public static final String HASHED_URI_MATCH = "assertion.hashedURI.match";
    public static final String HASHED_URI_MISMATCH = "assertion.hashedURI.mismatch";
    public static final String ASSERTION_MISSING = "assertion.missing";
    public static final String DATA_HASH_MATCH = "assertion.dataHash.match";
    public static final String DATA_HASH_MISMATCH = "assertion.dataHash.mismatch";
    public static final String DATA_HASH_MALFORMED = "assertion.dataHash.malformed";
    public static final String BMFF_HASH_MATCH = "assertion.bmffHash.match";
    public static final String BMFF_HASH_MISMATCH = "assertion.bmffHash.mismatch";
    public static final String HARD_BINDINGS_MISSING = "claim.hardBindings.missing";
    public static final String MULTIPLE_HARD_BINDINGS = "assertion.multipleHardBindings";
    public static final String ACTION_MALFORMED = "assertion.action.malformed";
    public static final String ALGORITHM_UNSUPPORTED = "algorithm.unsupported";
    public static final String CAWG_CREDENTIAL_TRUSTED = "cawg.x509.credential.trusted";
    public static final String CAWG_CREDENTIAL_UNTRUSTED = "cawg.x509.credential.untrusted";

    /** Failures that leave a manifest {@link ValidationState#VALID} rather than invalid: they concern trust, not integrity. */
    static boolean trustOnly(String code) {
        return code.equals(SIGNING_CREDENTIAL_UNTRUSTED) || code.equals(TIMESTAMP_UNTRUSTED) || code.startsWith("cawg.");
    }
}

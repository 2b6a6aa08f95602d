package io.safetyplane.c2pa.cose;

import java.security.cert.X509Certificate;
import java.util.List;

/** Produces raw claim signatures; a local key ({@link KeySigner}) or a remote one (HSM, KMS). */
public interface ClaimSigner {
    SigningAlg alg();

    /** The signing certificate chain, leaf first, trust anchor omitted. Never empty. */
    List<X509Certificate> chain();

    /**
     * The raw signature over {@code toBeSigned}: IEEE P1363 {@code r‖s} for ECDSA, the PSS signature
     * for PS*, the 64-byte signature for Ed25519.
     */
    byte[] sign(byte[] toBeSigned);
}

package io.safetyplane.c2pa.cose;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/** The COSE signature algorithms C2PA allows for claim signatures, with their JCA equivalents. */
public enum SigningAlg {
    ES256(-7, "SHA256withECDSAinP1363Format", null, 256),
    ES384(-35, "SHA384withECDSAinP1363Format", null, 384),
    ES512(-36, "SHA512withECDSAinP1363Format", null, 521),
    PS256(-37, "RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), 0),
    PS384(-38, "RSASSA-PSS", new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1), 0),
    PS512(-39, "RSASSA-PSS", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1), 0),
    ED25519(-8, "Ed25519", null, 0);

    private final int coseId;
    private final String jcaName;
    private final AlgorithmParameterSpec params;
    private final int curveBits;

    SigningAlg(int coseId, String jcaName, AlgorithmParameterSpec params, int curveBits) {
        this.coseId = coseId;
        this.jcaName = jcaName;
        this.params = params;
        this.curveBits = curveBits;
    }

    /** The COSE algorithm identifier (protected header label 1). */
    public int coseId() {
        return coseId;
    }

    /** The JCA signature algorithm name; ECDSA names produce and expect IEEE P1363 (r‖s) signatures. */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA parameters ({@link PSSParameterSpec} for PS*), empty for the others. */
    public Optional<AlgorithmParameterSpec> jcaParams() {
        return Optional.ofNullable(params);
    }

    public static Optional<SigningAlg> ofCoseId(int coseId) {
        for (SigningAlg alg : values()) {
            if (alg.coseId == coseId) {
                return Optional.of(alg);
            }
        }
        return Optional.empty();
    }

    /** A new, uninitialised {@link Signature} for this algorithm, parameters set. */
    public Signature newSignature() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(jcaName);
        if (params != null) {
            signature.setParameter(params);
        }
        return signature;
    }

    /**
     * The algorithm a signer with this key uses by default: EC P-256/P-384/P-521 → ES256/ES384/ES512,
     * RSA → PS256, Ed25519 → ED25519.
     *
     * @throws IllegalArgumentException for any other key
     */
    public static SigningAlg forKey(PrivateKey key) {
        return forAnyKey(key).orElseThrow(() -> new IllegalArgumentException(
                "unsupported signing key: " + describe(key)
                        + " (supported: EC P-256/P-384/P-521, RSA, Ed25519)"));
    }

    /** Whether a key of this kind can produce or check signatures of this algorithm. */
    public boolean fitsKey(Key key) {
        return switch (this) {
            case ES256, ES384, ES512 -> key instanceof ECKey ec
                    && ec.getParams().getCurve().getField().getFieldSize() == curveBits;
            case PS256, PS384, PS512 -> key instanceof RSAKey;
            case ED25519 -> isEd25519(key);
        };
    }

    /** Bytes of a raw signature made with this algorithm by the given public key's owner. */
    int rawSignatureSize(PublicKey publicKey) {
        return switch (this) {
            case ES256 -> 64;
            case ES384 -> 96;
            case ES512 -> 132;
            case PS256, PS384, PS512 -> publicKey instanceof RSAKey rsa
                    ? (rsa.getModulus().bitLength() + 7) / 8 : 512;
            case ED25519 -> 64;
        };
    }

    static Optional<SigningAlg> forAnyKey(Key key) {
        if (key instanceof ECKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> Optional.of(ES256);
                case 384 -> Optional.of(ES384);
                case 521 -> Optional.of(ES512);
                default -> Optional.empty();
            };
        }
        if (key instanceof RSAKey) {
            return Optional.of(PS256);
        }
        if (isEd25519(key)) {
            return Optional.of(ED25519);
        }
        return Optional.empty();
    }

    private static boolean isEd25519(Key key) {
        if (key instanceof EdECKey ed) {
            return "Ed25519".equalsIgnoreCase(ed.getParams().getName());
        }
        return key != null && "Ed25519".equalsIgnoreCase(key.getAlgorithm());
    }

    private static String describe(Key key) {
        return key == null ? "null" : key.getAlgorithm() + " (" + key.getClass().getSimpleName() + ")";
    }
}

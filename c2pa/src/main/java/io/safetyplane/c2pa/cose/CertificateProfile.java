package io.safetyplane.c2pa.cose;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The checks the C2PA reference implementation (c2pa-rs {@code certificate_profile.rs}) applies to a
 * claim-signing certificate, with one readable reason per problem. Stricter than c2pa-rs in three places:
 * every self-signed leaf is refused (c2pa-rs only refuses self-signed CAs), keyCertSign on a leaf is
 * refused even without digitalSignature, and a timeStamping- or OCSPSigning-only EKU does not count as a
 * claim-signing EKU (c2pa-rs's default list admits them).
 */
public final class CertificateProfile {
    static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    static final String EKU_DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
    static final String EKU_C2PA_CLAIM_SIGNING = "1.3.6.1.4.1.62558.2.1";
    static final String EKU_MS_C2PA_SIGNING = "1.3.6.1.4.1.311.76.59.1.9";
    static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    static final String EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    static final String EKU_ANY = "2.5.29.37.0";

    /** Extended key usages that allow claim signing. */
    public static final Set<String> CLAIM_SIGNING_EKUS =
            Set.of(EKU_EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING, EKU_C2PA_CLAIM_SIGNING, EKU_MS_C2PA_SIGNING);

    private static final Map<String, String> SIGNATURE_ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.11", "sha256WithRSAEncryption",
            "1.2.840.113549.1.1.12", "sha384WithRSAEncryption",
            "1.2.840.113549.1.1.13", "sha512WithRSAEncryption",
            "1.2.840.10045.4.3.2", "ecdsa-with-SHA256",
            "1.2.840.10045.4.3.3", "ecdsa-with-SHA384",
            "1.2.840.10045.4.3.4", "ecdsa-with-SHA512",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.3.101.112", "Ed25519");
    private static final Set<String> PSS_HASHES =
            Set.of("2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3");
    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final String ED25519 = "1.3.101.112";
    private static final String AKI = "2.5.29.35";
    /** Critical extensions c2pa-rs understands; any other critical extension fails the profile. */
    private static final Set<String> KNOWN_EXTENSIONS = Set.of(
            "2.5.29.35", "2.5.29.14", "2.5.29.15", "2.5.29.32", "2.5.29.33", "2.5.29.17", "2.5.29.19",
            "2.5.29.30", "2.5.29.36", "2.5.29.37", "2.5.29.31", "2.5.29.54", "1.3.6.1.5.5.7.1.1",
            "2.16.840.1.113730.1.1", "2.5.29.20", "2.5.29.21", "2.5.29.24");

    private CertificateProfile() {
    }

    /** Whether a problem is about the validity period (reported as signingCredential.expired) or the profile. */
    enum Kind { VALIDITY, PROFILE }

    record Problem(Kind kind, String reason) {
    }

    /**
     * What keeps {@code leaf} from being a valid C2PA claim-signing certificate at time {@code at};
     * empty when it is one.
     */
    public static List<String> problems(X509Certificate leaf, Instant at) {
        return check(leaf, at).stream().map(Problem::reason).toList();
    }

    static List<Problem> check(X509Certificate leaf, Instant at) {
        List<Problem> problems = new ArrayList<>();
        if (leaf == null) {
            problems.add(new Problem(Kind.PROFILE, "no certificate"));
            return problems;
        }
        if (leaf.getVersion() != 3) {
            problem(problems, "the certificate is X.509 v" + leaf.getVersion() + ", not v3");
        }
        if (at != null) {
            if (at.isBefore(leaf.getNotBefore().toInstant())) {
                problems.add(new Problem(Kind.VALIDITY, "not valid before " + leaf.getNotBefore().toInstant()
                        + " (checked at " + at + ")"));
            } else if (at.isAfter(leaf.getNotAfter().toInstant())) {
                problems.add(new Problem(Kind.VALIDITY, "expired on " + leaf.getNotAfter().toInstant()
                        + " (checked at " + at + ")"));
            }
        }
        checkSignatureAlgorithm(leaf, problems);
        checkPublicKey(leaf.getPublicKey(), problems);
        if (leaf.getBasicConstraints() >= 0) {
            problem(problems, "the certificate is a CA (basicConstraints CA=true)");
        }
        if (leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())) {
            problem(problems, "the certificate is self-signed (issuer equals subject "
                    + leaf.getSubjectX500Principal().getName() + ")");
        }
        if (leaf.getIssuerUniqueID() != null || leaf.getSubjectUniqueID() != null) {
            problem(problems, "issuer/subject unique IDs are not allowed");
        }
        if (leaf.getExtensionValue(AKI) == null) {
            problem(problems, "no authority key identifier extension");
        }
        checkKeyUsage(leaf, problems);
        checkExtendedKeyUsage(leaf, problems);
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null) {
            for (String oid : critical) {
                if (!KNOWN_EXTENSIONS.contains(oid)) {
                    problem(problems, "unknown critical extension " + oid);
                }
            }
        }
        return problems;
    }

    private static void checkSignatureAlgorithm(X509Certificate leaf, List<Problem> problems) {
        String oid = leaf.getSigAlgOID();
        if (!SIGNATURE_ALGORITHMS.containsKey(oid)) {
            problem(problems, "signed with an unsupported algorithm " + leaf.getSigAlgName() + " (" + oid + ")");
            return;
        }
        byte[] params = leaf.getSigAlgParams();
        if (ED25519.equals(oid) && params != null) {
            problem(problems, "Ed25519 signature algorithm parameters must be absent");
        }
        if (RSASSA_PSS.equals(oid)) {
            if (params == null) {
                problem(problems, "RSASSA-PSS signature without parameters");
                return;
            }
            try {
                RSASSAPSSparams pss = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(params));
                String hash = pss.getHashAlgorithm().getAlgorithm().getId();
                AlgorithmIdentifier mgf = pss.getMaskGenAlgorithm();
                String mgfHash = AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm().getId();
                if (!PSS_HASHES.contains(hash)) {
                    problem(problems, "RSASSA-PSS with an unsupported hash " + hash);
                } else if (!hash.equals(mgfHash)) {
                    problem(problems, "RSASSA-PSS hash " + hash + " differs from the MGF1 hash " + mgfHash);
                }
            } catch (Exception e) {
                problem(problems, "malformed RSASSA-PSS parameters");
            }
        }
    }

    private static void checkPublicKey(PublicKey key, List<Problem> problems) {
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        } catch (RuntimeException e) {
            problem(problems, "unreadable public key");
            return;
        }
        String alg = spki.getAlgorithm().getAlgorithm().getId();
        switch (alg) {
            case EC_PUBLIC_KEY -> {
                Object params = spki.getAlgorithm().getParameters();
                if (!(params instanceof ASN1ObjectIdentifier curve)) {
                    problem(problems, "EC key without a named curve");
                } else if (!CURVES.containsKey(curve.getId())) {
                    problem(problems, "EC key on an unsupported curve " + curve.getId()
                            + " (allowed: P-256, P-384, P-521)");
                }
            }
            case RSA_ENCRYPTION, RSASSA_PSS -> {
                if (key instanceof RSAPublicKey rsa) {
                    if (rsa.getModulus().bitLength() < 2048) {
                        problem(problems, "RSA key of " + rsa.getModulus().bitLength() + " bits (at least 2048 needed)");
                    }
                    BigInteger e = rsa.getPublicExponent();
                    if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
                        problem(problems, "invalid RSA public exponent " + e);
                    }
                } else {
                    problem(problems, "unreadable RSA key");
                }
            }
            case ED25519 -> {
                if (spki.getAlgorithm().getParameters() != null) {
                    problem(problems, "Ed25519 public key parameters must be absent");
                }
            }
            default -> problem(problems, "unsupported public key algorithm " + key.getAlgorithm() + " (" + alg + ")");
        }
    }

    private static void checkKeyUsage(X509Certificate leaf, List<Problem> problems) {
        boolean[] ku = leaf.getKeyUsage();
        if (ku == null) {
            problem(problems, "no key usage extension");
            return;
        }
        boolean digitalSignature = ku.length > 0 && ku[0];
        boolean nonRepudiation = ku.length > 1 && ku[1];
        boolean keyCertSign = ku.length > 5 && ku[5];
        if (keyCertSign) {
            problem(problems, "key usage keyCertSign is not allowed on a signing certificate");
        }
        if (!digitalSignature && !nonRepudiation) {
            problem(problems, "key usage lacks digitalSignature");
        }
    }

    private static void checkExtendedKeyUsage(X509Certificate leaf, List<Problem> problems) {
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            problem(problems, "malformed extended key usage extension");
            return;
        }
        if (eku == null) {
            problem(problems, "no extended key usage extension");
            return;
        }
        if (eku.contains(EKU_ANY)) {
            problem(problems, "extended key usage anyExtendedKeyUsage is not allowed");
        }
        if (eku.stream().noneMatch(CLAIM_SIGNING_EKUS::contains)) {
            problem(problems, "no extended key usage for claim signing (has: " + String.join(", ", eku) + ")");
        }
        boolean ocsp = eku.contains(EKU_OCSP_SIGNING);
        boolean tsa = eku.contains(EKU_TIME_STAMPING);
        if ((ocsp && tsa) || ((ocsp || tsa) && eku.size() > 1)) {
            problem(problems, "timeStamping and OCSPSigning extended key usages must stand alone");
        }
    }

    private static void problem(List<Problem> problems, String reason) {
        problems.add(new Problem(Kind.PROFILE, reason));
    }
}

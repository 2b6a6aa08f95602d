package io.safetyplane.c2pa.cose;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;

/** Reads and checks RFC 3161 time-stamp tokens the way c2pa-rs {@code time_stamp/verify.rs} does, trust aside. */
final class TimestampTokens {
    private static final Map<String, String> DIGESTS = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    private TimestampTokens() {
    }

    /** Result of checking one token; {@code info} is null when the token could not be read. */
    record Checked(CoseVerification.TimestampInfo info, List<CoseVerification.Status> statuses) {
    }

    /**
     * Checks a token (or a whole {@code TimeStampResp}, as v1 {@code sigTst} may hold) whose message
     * imprint must be the hash of {@code stamped}.
     */
    static Checked check(byte[] val, byte[] stamped, int version) {
        List<CoseVerification.Status> statuses = new ArrayList<>();
        TimeStampToken token;
        try {
            token = parse(val);
        } catch (Exception e) {
            statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_MALFORMED,
                    "the time stamp cannot be read: " + e.getMessage()));
            return new Checked(null, statuses);
        }
        Instant genTime = token.getTimeStampInfo().getGenTime().toInstant();
        List<X509CertificateHolder> holders = certificates(token);
        X509CertificateHolder signerCert = holders.stream()
                .filter(h -> token.getSID().match(h)).findFirst().orElse(null);

        boolean signatureValid = false;
        if (signerCert == null) {
            statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_UNTRUSTED,
                    "the time stamp does not carry the TSA certificate"));
        } else {
            try {
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signerCert));
                signatureValid = true;
            } catch (TSPValidationException e) {
                boolean outside = signerCert.getNotBefore().toInstant().isAfter(genTime)
                        || signerCert.getNotAfter().toInstant().isBefore(genTime);
                statuses.add(new CoseVerification.Status(outside ? CoseVerification.TIMESTAMP_OUTSIDE_VALIDITY
                        : CoseVerification.TIMESTAMP_UNTRUSTED, "time stamp rejected: " + e.getMessage()));
            } catch (Exception e) {
                statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_UNTRUSTED,
                        "the time stamp's signature does not verify: " + e.getMessage()));
            }
        }

        boolean imprintValid = false;
        String imprintAlg = token.getTimeStampInfo().getMessageImprintAlgOID().getId();
        String digestName = DIGESTS.get(imprintAlg);
        if (digestName == null) {
            statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_UNTRUSTED,
                    "unsupported message imprint algorithm " + imprintAlg));
        } else {
            imprintValid = MessageDigest.isEqual(digest(digestName, stamped),
                    token.getTimeStampInfo().getMessageImprintDigest());
            if (!imprintValid) {
                statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_MISMATCH,
                        "the time stamp's message imprint does not match the "
                                + (version == 2 ? "signature (sigTst2)" : "claim (sigTst)")));
            }
        }
        if (signatureValid && imprintValid) {
            statuses.add(new CoseVerification.Status(CoseVerification.TIMESTAMP_VALIDATED,
                    "time stamp " + genTime + " by " + subject(signerCert) + " matches the "
                            + (version == 2 ? "signature" : "claim")));
        }
        List<X509Certificate> tsaChain = signerCert == null ? List.of() : orderFrom(signerCert, holders);
        return new Checked(new CoseVerification.TimestampInfo(genTime, imprintValid, signatureValid, tsaChain,
                version), statuses);
    }

    /** A {@code TimeStampToken} (CMS ContentInfo) or a granted {@code TimeStampResp} holding one. */
    static TimeStampToken parse(byte[] der) throws Exception {
        ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
        ASN1Sequence seq = ASN1Sequence.getInstance(primitive);
        if (seq.size() == 0) {
            throw new IllegalArgumentException("empty sequence");
        }
        ASN1Encodable first = seq.getObjectAt(0);
        ContentInfo contentInfo;
        if (first instanceof ASN1ObjectIdentifier) {
            contentInfo = ContentInfo.getInstance(seq);
        } else {
            TimeStampResp resp = TimeStampResp.getInstance(seq);
            int status = resp.getStatus().getStatus().intValue();
            if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
                throw new IllegalArgumentException("time stamp status " + status + " is not granted");
            }
            contentInfo = resp.getTimeStampToken();
            if (contentInfo == null) {
                throw new IllegalArgumentException("granted response without a token");
            }
        }
        return new TimeStampToken(contentInfo);
    }

    @SuppressWarnings("unchecked")
    private static List<X509CertificateHolder> certificates(TimeStampToken token) {
        Collection<X509CertificateHolder> all = token.getCertificates().getMatches(null);
        return new ArrayList<>(all);
    }

    /** The signer's certificate, then each issuer found among the others (c2pa-rs orders them the same way). */
    private static List<X509Certificate> orderFrom(X509CertificateHolder signer, List<X509CertificateHolder> all) {
        List<X509CertificateHolder> ordered = new ArrayList<>();
        ordered.add(signer);
        List<X509CertificateHolder> rest = new ArrayList<>(all);
        rest.remove(signer);
        X509CertificateHolder current = signer;
        while (!rest.isEmpty()) {
            X509CertificateHolder next = null;
            for (X509CertificateHolder candidate : rest) {
                if (candidate.getSubject().equals(current.getIssuer())) {
                    next = candidate;
                    break;
                }
            }
            if (next == null || current.getSubject().equals(current.getIssuer())) {
                break;
            }
            ordered.add(next);
            rest.remove(next);
            current = next;
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certs = new ArrayList<>();
        for (X509CertificateHolder holder : ordered) {
            try {
                certs.add(converter.getCertificate(holder));
            } catch (Exception e) {
                break;
            }
        }
        return certs;
    }

    private static String subject(X509CertificateHolder cert) {
        return cert == null ? "an unknown TSA" : cert.getSubject().toString();
    }

    static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is missing from this JVM", e);
        }
    }
}

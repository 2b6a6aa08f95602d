package io.safetyplane.c2pa.cose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * A set of trusted certificates (roots, and like c2pa-rs also intermediates) against which signing
 * and TSA chains are checked with PKIX at a given time, revocation not checked.
 */
public final class TrustAnchors {
    private static final String EKU = "2.5.29.37";
    private final List<X509Certificate> anchors;

    private TrustAnchors(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    /** No anchors: every chain is at best {@link Trust.Status#UNTRUSTED}. */
    public static TrustAnchors none() {
        return new TrustAnchors(List.of());
    }

    public static TrustAnchors of(Collection<X509Certificate> anchors) {
        return new TrustAnchors(new ArrayList<>(anchors));
    }

    /** Anchors from PEM bundles ({@code -----BEGIN CERTIFICATE-----} blocks; other text is ignored). */
    public static TrustAnchors fromPem(InputStream... bundles) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (InputStream in : bundles) {
            certs.addAll(KeyMaterial.readCertificates(in));
        }
        return new TrustAnchors(certs);
    }

    /** Anchors from PEM bundle files. */
    public static TrustAnchors fromPem(Path... bundles) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path path : bundles) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("trust anchor file not found: " + path);
            }
            try (InputStream in = Files.newInputStream(path)) {
                certs.addAll(KeyMaterial.readCertificates(in));
            }
        }
        return new TrustAnchors(certs);
    }

    public List<X509Certificate> certificates() {
        return anchors;
    }

    public boolean isEmpty() {
        return anchors.isEmpty();
    }

    /**
     * Whether {@code chain} (leaf first, as in x5chain) leads to an anchor and validates at {@code at}.
     * The chain must be in order (each certificate issued by the next); the first certificate that is
     * itself an anchor, or is issued (name and signature) by one, ends the path.
     */
    public Trust check(List<X509Certificate> chain, Instant at) {
        if (chain == null || chain.isEmpty()) {
            return Trust.invalid("no certificates");
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return Trust.invalid("certificate " + i + " (" + name(cert) + ") is not issued by the next one ("
                        + name(issuer) + ")");
            }
            if (!verifies(cert, issuer)) {
                return Trust.invalid("the signature on certificate " + i + " (" + name(cert)
                        + ") does not verify with its issuer's key");
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate anchor = null;
            List<X509Certificate> path;
            if (isAnchor(cert)) {
                anchor = cert;
                path = chain.subList(0, i);
            } else {
                for (X509Certificate candidate : anchors) {
                    if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                            && verifies(cert, candidate)) {
                        anchor = candidate;
                        break;
                    }
                }
                path = chain.subList(0, i + 1);
            }
            if (anchor == null) {
                continue;
            }
            if (path.isEmpty()) {
                return Trust.trusted("the certificate itself is a trust anchor (" + name(anchor) + ")");
            }
            String problem = pkix(path, anchor, at);
            return problem == null
                    ? Trust.trusted("chain leads to trust anchor " + name(anchor))
                    : Trust.invalid("chain to trust anchor " + name(anchor) + " does not validate: " + problem);
        }
        return Trust.untrusted(anchors.isEmpty() ? "no trust anchors configured"
                : "no path from " + name(chain.get(0)) + " to a trust anchor");
    }

    private boolean isAnchor(X509Certificate cert) {
        for (X509Certificate anchor : anchors) {
            try {
                if (Arrays.equals(anchor.getEncoded(), cert.getEncoded())) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return false;
    }

    private static String pkix(List<X509Certificate> path, X509Certificate anchor, Instant at) {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertPathChecker(new ExtendedKeyUsageChecker());
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return null;
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            return (index >= 0 ? "certificate " + index + ": " : "") + e.getMessage();
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        }
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    /**
     * Marks a critical extended key usage as handled: PKIX does not judge EKUs (the certificate profile
     * does), and TSA certificates must mark theirs critical.
     */
    private static final class ExtendedKeyUsageChecker extends PKIXCertPathChecker {
        @Override
        public void init(boolean forward) {
        }

        @Override
        public boolean isForwardCheckingSupported() {
            return true;
        }

        @Override
        public Set<String> getSupportedExtensions() {
            return Set.of(EKU);
        }

        @Override
        public void check(Certificate cert, Collection<String> unresolvedCritExts) {
            unresolvedCritExts.remove(EKU);
        }
    }
}

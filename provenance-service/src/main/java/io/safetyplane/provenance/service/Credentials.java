package io.safetyplane.provenance.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.safetyplane.c2pa.cose.CertificateProfile;
import io.safetyplane.c2pa.cose.ClaimSigner;
import io.safetyplane.c2pa.cose.DevPki;
import io.safetyplane.c2pa.cose.HttpTimestampAuthority;
import io.safetyplane.c2pa.cose.KeyMaterial;
import io.safetyplane.c2pa.cose.TimestampAuthority;
import io.safetyplane.c2pa.cose.TrustAnchors;
import io.safetyplane.provenance.config.ProvenanceConfig;

/**
 * The service's signing key, certificate chain, timestamp authority and trust anchors, loaded once at start-up.
 * A signing certificate that C2PA validators would reject (a CA, self-signed, expired, without the key usages
 * claim signing needs) stops the service with the reasons, rather than producing credentials nobody accepts.
 */
public final class Credentials {
    private static final Logger LOG = Logger.getLogger(Credentials.class);

    private final ClaimSigner signer;
    private final TimestampAuthority timestampAuthority;
    private final TrustAnchors anchors;
    private final TrustAnchors cawgAnchors;
    private final Path devRoot;

    private Credentials(ClaimSigner signer, TimestampAuthority timestampAuthority, TrustAnchors anchors, TrustAnchors cawgAnchors,
            Path devRoot) {
        this.signer = signer;
        this.timestampAuthority = timestampAuthority;
        this.anchors = anchors;
        this.cawgAnchors = cawgAnchors;
        this.devRoot = devRoot;
    }

    /**
     * Loads what the configuration names.
     *
     * @throws IllegalStateException with every reason when the credentials are missing, unreadable or unfit
     */
    public static Credentials load(ProvenanceConfig config, Clock clock) {
        ProvenanceConfig.Signing s = config.signing();
        ClaimSigner signer;
        DevPki dev = null;
        Path devRoot = null;
        switch (s.source()) {
            case PEM -> signer = KeyMaterial.fromPem(
                    s.certificateChain().orElseThrow(() -> missing("certificate-chain", "pem")),
                    s.privateKey().orElseThrow(() -> missing("private-key", "pem")));
            case PKCS12 -> signer = KeyMaterial.fromPkcs12(s.pkcs12().orElseThrow(() -> missing("pkcs12", "pkcs12")),
                    s.pkcs12Password().orElse("").toCharArray());
            case DEV -> {
                dev = devPki(s, clock);
                signer = dev.signer();
                devRoot = s.devDirectory().resolve("root.pem");
            }
            default -> throw new IllegalStateException("unknown key source " + s.source());
        }
        List<String> problems = CertificateProfile.problems(signer.chain().get(0), clock.instant());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the signing certificate " + signer.chain().get(0).getSubjectX500Principal().getName()
                    + " cannot sign C2PA claims: " + String.join("; ", problems));
        }
        ProvenanceConfig.Timestamp t = config.timestamp();
        TimestampAuthority tsa = switch (t.mode()) {
            case NONE -> null;
            case URL -> new HttpTimestampAuthority(t.url().orElseThrow(() -> new IllegalStateException(
                    "provenance-service.timestamp.url is required with timestamp.mode=url")), t.timeout());
            case DEV -> {
                if (dev == null) {
                    throw new IllegalStateException("provenance-service.timestamp.mode=dev needs provenance-service.signing.source=dev");
                }
                yield dev.timestampAuthority();
            }
        };
        List<Path> anchorFiles = new ArrayList<>(config.trust().anchors().orElse(List.of()));
        if (devRoot != null && config.trust().trustDevRoot()) {
            anchorFiles.add(devRoot);
        }
        TrustAnchors anchors = anchors(anchorFiles);
        TrustAnchors cawg = anchors(config.trust().cawgAnchors().orElse(List.of()));
        X509Certificate leaf = signer.chain().get(0);
        LOG.infof("signing C2PA claims as %s (%s, issued by %s, valid until %s); timestamps: %s; %d trust anchor files",
                leaf.getSubjectX500Principal().getName(), signer.alg(), leaf.getIssuerX500Principal().getName(),
                leaf.getNotAfter().toInstant(), t.mode() == ProvenanceConfig.TimestampMode.URL ? t.url().get() : t.mode().name().toLowerCase(),
                anchorFiles.size());
        return new Credentials(signer, tsa, anchors, cawg, devRoot);
    }

    private static TrustAnchors anchors(List<Path> files) {
        if (files.isEmpty()) {
            return TrustAnchors.none();
        }
        try {
            return TrustAnchors.fromPem(files.toArray(Path[]::new));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the trust anchors " + files + ": " + e.getMessage(), e);
        }
    }

    private static DevPki devPki(ProvenanceConfig.Signing s, Clock clock) {
        Path dir = s.devDirectory();
        boolean existed = Files.exists(dir.resolve("root.pem"));
        try {
            DevPki pki = DevPki.loadOrCreate(dir, s.devOrganisation(), Duration.ofDays(365), clock);
            if (!existed) {
                LOG.warnf("signing.source=dev: created a development PKI in %s; its root (root.pem) is trusted by nobody else, "
                        + "never use it for production", dir.toAbsolutePath());
            }
            return pki;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot create or read the development PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static IllegalStateException missing(String key, String source) {
        return new IllegalStateException("provenance-service.signing." + key + " is required with signing.source=" + source);
    }

    public ClaimSigner signer() {
        return signer;
    }

    /** The timestamp authority, or null when claims are signed without timestamps. */
    public TimestampAuthority timestampAuthority() {
        return timestampAuthority;
    }

    public TrustAnchors anchors() {
        return anchors;
    }

    public TrustAnchors cawgAnchors() {
        return cawgAnchors;
    }

    public X509Certificate leaf() {
        return signer.chain().get(0);
    }

    /** Whole days until the signing certificate expires (negative once it has). */
    public long daysToExpiry(Instant now) {
        return Duration.between(now, leaf().getNotAfter().toInstant()).toDays();
    }

    /** The development root certificate file, when signing with the development PKI. */
    public java.util.Optional<Path> devRoot() {
        return java.util.Optional.ofNullable(devRoot);
    }
}

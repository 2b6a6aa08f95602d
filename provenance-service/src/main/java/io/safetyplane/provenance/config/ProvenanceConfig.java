package io.safetyplane.provenance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** The provenance-service's settings ({@code provenance-service.*}), validated at start-up. */
@ConfigMapping(prefix = "provenance-service")
public interface ProvenanceConfig {

    Signing signing();

    Timestamp timestamp();

    Trust trust();

    Media media();

    Gate gate();

    Events events();

    /** Where the claim-signing key and its certificate chain come from. */
    interface Signing {
        /**
         * {@code pem}: {@code certificate-chain} (leaf first, PEM) and {@code private-key} (PKCS#8 PEM) files, for example
         * a Kubernetes secret mounted as files; {@code pkcs12}: a PKCS#12 keystore; {@code dev}: a local test PKI kept in
         * {@code dev-directory}, created on first start (a test root, an intermediate, a claim-signing leaf and a
         * timestamp authority) — for tests and the local demo only, its root is trusted by nobody else.
         */
        @WithDefault("pem")
        KeySource source();

        Optional<Path> certificateChain();

        Optional<Path> privateKey();

        Optional<Path> pkcs12();

        /** Password of the PKCS#12 keystore (from a secret: {@code PROVENANCE_SIGNING_PKCS12_PASSWORD}). */
        Optional<String> pkcs12Password();

        @WithDefault("dev-pki")
        Path devDirectory();

        /** Organisation named in the development certificates. */
        @WithDefault("Safety Plane development")
        String devOrganisation();

        /** Days before expiry from which the readiness check reports the certificate as expiring (it stays up). */
        @WithDefault("30")
        @Min(0)
        int expiryWarningDays();

        /** {@code claim_generator_info.name} of every manifest. */
        @WithDefault("Safety Plane provenance-service")
        @NotBlank
        String claimGenerator();
    }

    enum KeySource {
        PEM, PKCS12, DEV
    }

    /** RFC 3161 timestamps on claim signatures. */
    interface Timestamp {
        /**
         * {@code none}; {@code url}: the timestamp authority at {@code url}; {@code dev}: the development PKI's own
         * in-process authority (with {@code signing.source=dev} only).
         */
        @WithDefault("none")
        TimestampMode mode();

        Optional<java.net.URI> url();

        @WithDefault("5s")
        Duration timeout();

        /** When the authority does not answer: {@code fail} (503 timestamp-unavailable) or {@code sign-without} a timestamp. */
        @WithDefault("fail")
        OnFailure onFailure();
    }

    enum TimestampMode {
        NONE, URL, DEV
    }

    enum OnFailure {
        FAIL, SIGN_WITHOUT
    }

    /** Certificates a verification trusts. */
    interface Trust {
        /** PEM bundles of trust anchors for claim signers and timestamp authorities (the C2PA Trust List, an operator root …). */
        Optional<List<Path>> anchors();

        /** Also trust the development root (with {@code signing.source=dev}). */
        @WithDefault("true")
        boolean trustDevRoot();

        /** PEM bundles of trust anchors for CAWG X.509 identity credentials. */
        Optional<List<Path>> cawgAnchors();
    }

    interface Media {
        /** Largest media accepted for signing, verification or release. */
        @WithDefault("104857600")
        @Positive
        @Max(1073741824)
        long maxBytes();

        /** Signings and verifications at once; more are refused with 503 busy. */
        @WithDefault("16")
        @Positive
        int maxConcurrent();
    }

    /** The after-generation gate. */
    interface Gate {
        /** How long the classification of an output may take; then the gate fails closed. */
        @WithDefault("10s")
        Duration classifierTimeout();

        /** Release outputs the classifier sends to review (signed), rather than withhold them. */
        @WithDefault("false")
        boolean releaseOnReview();
    }

    interface Events {
        @WithDefault("/provenance-service")
        @NotBlank
        String source();

        @WithDefault("10s")
        Duration violationSendTimeout();
    }
}

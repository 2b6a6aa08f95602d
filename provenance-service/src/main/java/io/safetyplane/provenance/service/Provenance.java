package io.safetyplane.provenance.service;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.c2pa.ManifestPresentException;
import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.c2pa.ManifestVerifier;
import io.safetyplane.c2pa.ValidationReport;
import io.safetyplane.c2pa.asset.AssetException;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.c2pa.asset.AssetHandlers;
import io.safetyplane.c2pa.cose.TimestampException;
import io.safetyplane.provenance.config.ProvenanceConfig;
import io.safetyplane.service.Failure;
import jakarta.inject.Singleton;

/**
 * Signing and verification as the APIs offer them: checks the input (size, format, declared type), signs with
 * the service's credentials (and timestamp authority, falling back to no timestamp only when configured so),
 * verifies with its trust anchors, counts what it does, and bounds how many run at once.
 */
@Singleton
public class Provenance {
    private static final Logger LOG = Logger.getLogger(Provenance.class);

    /** One signing's input. */
    public record SignRequest(byte[] media, String contentType, String model, String modelVersion, String title) {
    }

    private final ProvenanceConfig config;
    private final Credentials credentials;
    private final ManifestSigner signer;
    private final ManifestVerifier verifier;
    private final Semaphore permits;
    private final MeterRegistry meters;
    private final Counter timestampFallbacks;

    public Provenance(ProvenanceConfig config, Credentials credentials, MeterRegistry meters, Clock clock,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0") String version) {
        this.config = config;
        this.credentials = credentials;
        this.signer = new ManifestSigner(new ManifestSigner.Generator(config.signing().claimGenerator(), version), credentials.signer());
        this.verifier = new ManifestVerifier(credentials.anchors(), credentials.cawgAnchors(), clock);
        this.permits = new Semaphore(config.media().maxConcurrent());
        this.meters = meters;
        this.timestampFallbacks = Counter.builder("provenance_timestamp_fallbacks")
                .description("Claims signed without a timestamp because the authority failed (timestamp.on-failure=sign-without)")
                .register(meters);
        Gauge.builder("provenance_certificate_days_to_expiry", () -> credentials.daysToExpiry(clock.instant()))
                .description("Days until the claim-signing certificate expires").register(meters);
    }

    /** Signs generated media. */
    public ManifestSigner.Signed sign(SignRequest request) {
        AssetFormat format = format(request.media(), request.contentType());
        if (request.model() == null || request.model().isBlank()) {
            throw ProvenanceFailures.generatorRequired();
        }
        ManifestSigner.Generation generation = new ManifestSigner.Generation(request.model(), request.modelVersion(),
                Optional.ofNullable(request.title()).filter(t -> !t.isBlank()));
        acquire();
        try {
            Timer.Sample sample = Timer.start(meters);
            try {
                ManifestSigner.Signed signed;
                try {
                    signed = signer.sign(request.media(), format, generation, credentials.timestampAuthority());
                } catch (TimestampException e) {
                    if (config.timestamp().onFailure() != ProvenanceConfig.OnFailure.SIGN_WITHOUT) {
                        throw ProvenanceFailures.timestampUnavailable(e.getMessage());
                    }
                    LOG.warnf("timestamp authority failed (%s): signing without a timestamp", e.getMessage());
                    timestampFallbacks.increment();
                    signed = signer.sign(request.media(), format, generation, null);
                }
                sample.stop(Timer.builder("provenance_sign_seconds").tag("format", tag(format))
                        .description("Signing one asset").publishPercentiles(0.5, 0.99).register(meters));
                Counter.builder("provenance_signatures").tag("format", tag(format)).description("Assets signed").register(meters)
                        .increment();
                return signed;
            } catch (AssetException e) {
                throw failed(format, "corrupt", ProvenanceFailures.asset(e));
            } catch (ManifestPresentException e) {
                throw failed(format, "manifest-present", ProvenanceFailures.manifestPresent(e.getMessage()));
            } catch (TimestampException e) {
                throw failed(format, "timestamp", ProvenanceFailures.timestampUnavailable(e.getMessage()));
            } catch (Failure f) {
                throw failed(format, f.type(), f);
            }
        } finally {
            permits.release();
        }
    }

    /** Validates the manifest of any supported file. */
    public ValidationReport verify(byte[] media, String contentType) {
        AssetFormat format = format(media, contentType);
        acquire();
        try {
            try {
                ValidationReport report = verifier.verify(media, format);
                Counter.builder("provenance_verifications").tag("format", tag(format))
                        .tag("state", report.manifestPresent() ? report.state().display() : "none")
                        .description("Assets verified, by outcome").register(meters).increment();
                return report;
            } catch (AssetException e) {
                throw ProvenanceFailures.asset(e);
            }
        } finally {
            permits.release();
        }
    }

    /** The format of the bytes, checked against the size limit and the declared type. */
    AssetFormat format(byte[] media, String contentType) {
        if (media == null || media.length == 0) {
            throw ProvenanceFailures.emptyMedia();
        }
        if (media.length > config.media().maxBytes()) {
            throw ProvenanceFailures.tooLarge(media.length, config.media().maxBytes());
        }
        AssetFormat actual = AssetHandlers.sniff(media).map(h -> h.format()).orElseThrow(() -> ProvenanceFailures.unsupported(
                "the bytes are no supported media (they start with " + HexFormat.of().formatHex(media, 0, Math.min(8, media.length)) + ")"));
        if (contentType != null && !contentType.isBlank() && !contentType.startsWith("application/octet-stream")) {
            Optional<AssetFormat> declared = AssetFormat.ofMediaType(contentType);
            if (declared.isEmpty()) {
                throw ProvenanceFailures.unsupported("content type " + contentType + " is not supported");
            }
            if (declared.get() != actual) {
                throw ProvenanceFailures.contentTypeMismatch(contentType, actual.mediaType());
            }
        }
        return actual;
    }

    private Failure failed(AssetFormat format, String reason, Failure f) {
        Counter.builder("provenance_signing_failures").tag("format", tag(format)).tag("reason", reason)
                .description("Signings refused or failed, by reason").register(meters).increment();
        return f;
    }

    /** Takes a permit (the caller releases it), or refuses with 503 busy when none frees up within 100 ms. */
    private void acquire() {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw ProvenanceFailures.busy(config.media().maxConcurrent());
        }
    }

    private static String tag(AssetFormat f) {
        return f.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Credentials credentials() {
        return credentials;
    }
}

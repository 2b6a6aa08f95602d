package io.safetyplane.provenance.health;

import java.time.Clock;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.safetyplane.provenance.config.ProvenanceConfig;
import io.safetyplane.provenance.service.Credentials;
import jakarta.inject.Singleton;

/** Ready while the claim-signing certificate is valid; says how long it has left and warns when it expires soon. */
@Readiness
@Singleton
public class CertificateReadiness implements HealthCheck {
    private final Credentials credentials;
    private final ProvenanceConfig config;
    private final Clock clock;

    public CertificateReadiness(Credentials credentials, ProvenanceConfig config, Clock clock) {
        this.credentials = credentials;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        long days = credentials.daysToExpiry(clock.instant());
        boolean valid = clock.instant().isBefore(credentials.leaf().getNotAfter().toInstant())
                && !clock.instant().isBefore(credentials.leaf().getNotBefore().toInstant());
        return HealthCheckResponse.named("signing-certificate").status(valid)
                .withData("subject", credentials.leaf().getSubjectX500Principal().getName())
                .withData("notAfter", credentials.leaf().getNotAfter().toInstant().toString())
                .withData("daysToExpiry", days)
                .withData("expiringSoon", days < config.signing().expiryWarningDays())
                .withData("algorithm", credentials.signer().alg().name())
                .withData("timestamps", credentials.timestampAuthority() != null)
                .build();
    }
}

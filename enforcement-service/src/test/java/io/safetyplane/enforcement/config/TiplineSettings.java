package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.util.Optional;

/** {@code enforcement-service.tipline.*} for tests without Quarkus: the defaults, each changeable. */
public class TiplineSettings implements EnforcementConfig.Tipline, EnforcementConfig.Tipline.Reporter {
    public boolean enabled;
    public String endpoint = "https://exttest.cybertip.org/ispws";
    public String username = "esp";
    public String password = "secret";
    public String xsd;
    public Duration backoffBase = Duration.ofMinutes(1);
    public Duration backoffCap = Duration.ofHours(6);
    public Duration lease = Duration.ofMinutes(10);
    public String firstName = "Tipline";
    public String lastName = "Officer";
    public String email = "tipline@example.com";
    public String phone;
    public String companyTemplate = "Serve legal process on the legal team.";
    public String termsOfService = "https://example.com/aup";
    public String legalUrl = "https://example.com/legal";
    public String espService = "Example generative-AI API";

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    @Override
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    @Override
    public Optional<String> xsd() {
        return Optional.ofNullable(xsd);
    }

    @Override
    public Duration callTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration connectTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public int maxAttempts() {
        return 10;
    }

    @Override
    public Duration backoffBase() {
        return backoffBase;
    }

    @Override
    public Duration backoffCap() {
        return backoffCap;
    }

    @Override
    public Duration dispatchInterval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public int batchSize() {
        return 10;
    }

    @Override
    public Reporter reporter() {
        return this;
    }

    @Override
    public Optional<String> firstName() {
        return Optional.ofNullable(firstName);
    }

    @Override
    public Optional<String> lastName() {
        return Optional.ofNullable(lastName);
    }

    @Override
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    @Override
    public Optional<String> phone() {
        return Optional.ofNullable(phone);
    }

    @Override
    public Optional<String> companyTemplate() {
        return Optional.ofNullable(companyTemplate);
    }

    @Override
    public Optional<String> termsOfService() {
        return Optional.ofNullable(termsOfService);
    }

    @Override
    public Optional<String> legalUrl() {
        return Optional.ofNullable(legalUrl);
    }

    @Override
    public String espService() {
        return espService;
    }
}

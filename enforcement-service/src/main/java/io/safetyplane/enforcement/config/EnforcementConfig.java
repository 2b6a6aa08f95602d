package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.time.Period;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The enforcement-service's settings ({@code enforcement-service.*}); the ladder is {@code enforcement.ladder.*}. */
@ConfigMapping(prefix = "enforcement-service")
public interface EnforcementConfig {
    /** How long a warning keeps its subject's standing at "warned". */
    @WithDefault("30d")
    Duration warningPeriod();

    /** How often the outbox is relayed to Kafka. */
    @WithDefault("1s")
    Duration outboxInterval();

    /**
     * How long after a sanction its subject may appeal. DSA art. 20(1) requires at least six months; a shorter window
     * is refused at start ({@link #MINIMUM_APPEAL_WINDOW}).
     */
    @WithDefault("P6M")
    Period appealWindow();

    /** The shortest appeal window the service accepts. */
    Period MINIMUM_APPEAL_WINDOW = Period.ofMonths(6);

    /** {@code ce_source} of the events this service emits. */
    @WithDefault("/enforcement-service")
    String eventSource();

    /** The current version of the acceptable use policy; only an acceptance of this version counts. */
    @WithDefault("1")
    String aupVersion();

    /** Written notices (statements of reasons) and their delivery to tenants' webhooks. */
    Notices notices();

    interface Notices {
        /** How to appeal, as the notice says it: a URL or an API route. */
        @WithDefault("POST /v1/appeals")
        String appealChannel();

        /** The public URL of the terms (acceptable use policy), the reference of decisions on the terms ground. */
        Optional<String> termsUrl();

        /** How often due notices are sent to the tenants' webhooks. */
        @WithDefault("5s")
        Duration relayInterval();

        /** How long a webhook may take to answer before the attempt counts as failed. */
        @WithDefault("10s")
        Duration deliveryTimeout();

        /** The wait after the first failed attempt; it doubles with every further failure ... */
        @WithDefault("30s")
        Duration retryInitial();

        /** ... up to this wait. A notice is retried until delivered, never dropped. */
        @WithDefault("1h")
        Duration retryMax();

        /** At most this many notices are sent per relay run (and replica). */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int batchSize();
    }
}

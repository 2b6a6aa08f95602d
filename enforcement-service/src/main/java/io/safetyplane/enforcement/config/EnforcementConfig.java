package io.safetyplane.enforcement.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The enforcement-service's settings ({@code enforcement-service.*}); the ladder is {@code enforcement.ladder.*}. */
@ConfigMapping(prefix = "enforcement-service")
public interface EnforcementConfig {
    /** How long a warning keeps its subject's standing at "warned". */
    @WithDefault("30d")
    Duration warningPeriod();

    /** How often the outbox is relayed to Kafka. */
    @WithDefault("1s")
    Duration outboxInterval();

    /** {@code ce_source} of the events this service emits. */
    @WithDefault("/enforcement-service")
    String eventSource();
}

package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.time.Period;

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

    /**
     * How long after a sanction its subject may appeal. DSA art. 20(1) requires at least six months; a shorter window
     * is refused at start ({@link #MINIMUM_APPEAL_WINDOW}).
     */
    @WithDefault("P6M")
    Period appealWindow();

    /** The shortest appeal window the service accepts. */
    Period MINIMUM_APPEAL_WINDOW = Period.ofMonths(6);

    /** How long after filing an appeal should be decided: its {@code decide_by}, and when it counts as overdue. */
    @WithDefault("P14D")
    Duration appealDecisionDeadline();

    /** How often the open and overdue appeals gauges are refreshed. */
    @WithDefault("60s")
    Duration appealMetricsInterval();

    /** {@code ce_source} of the events this service emits. */
    @WithDefault("/enforcement-service")
    String eventSource();
}

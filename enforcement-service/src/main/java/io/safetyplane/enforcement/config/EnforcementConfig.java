package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.time.Period;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

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

    /**
     * The share (0 to 1) of allowed gate decisions sampled into the review queue, to measure how much the automated
     * system lets through that it should have blocked. Decided from the event id, so a redelivery samples alike.
     */
    @WithDefault("0.01")
    @DecimalMin("0")
    @DecimalMax("1")
    double reviewSampleRate();

    /** How often the gauge of open review items per queue is refreshed from the database. */
    @WithDefault("30s")
    Duration reviewMetricsInterval();

    /**
     * The key abuse reporters' addresses are hashed with (HMAC-SHA256), at least 32 characters; the same on every
     * replica so that one reporter's reports link up. Without it each process draws a random key at start (reports then
     * link up only within that process's life).
     */
    Optional<@Size(min = 32) String> reporterKey();

    /** The public abuse-report form. */
    AbuseReports abuseReports();

    interface AbuseReports {
        /** The largest request body; a larger one is refused (413) before it is read. */
        @WithDefault("16K")
        MemorySize maxBodySize();

        /** The longest description, in characters. */
        @WithDefault("5000")
        @Min(1)
        int maxDescriptionChars();

        /** Reports each client address may file per minute once its burst is spent. */
        @WithDefault("6")
        @Min(1)
        int ratePerMinute();

        /** Reports a client address may file at once. */
        @WithDefault("10")
        @Min(1)
        int burst();
    }
}

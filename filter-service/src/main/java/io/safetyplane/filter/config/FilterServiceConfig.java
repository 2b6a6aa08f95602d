package io.safetyplane.filter.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

/** Settings of the filter-service, validated at start-up. */
@ConfigMapping(prefix = "filter-service")
public interface FilterServiceConfig {
    /** A tenant id: lower-case letters, digits, '.', '_' and '-', at most 63 (as {@code TenantPolicy.validTenantId}). */
    String TENANT_ID = io.safetyplane.filter.engine.TenantPolicy.TENANT_ID_PATTERN;

    /**
     * Longest prompt accepted, in UTF-16 code units (as Java and JavaScript count characters); longer
     * prompts are refused with 413 before any matching.
     */
    @WithDefault("32768")
    @Min(1)
    @Max(1_000_000)
    int maxPromptChars();

    /**
     * Tenants that may check prompts without a policy of their own; they get the global policy (or
     * their own once one is set). Every other tenant must have a policy, or its checks are refused.
     */
    @WithDefault("self-serve")
    @NotEmpty
    List<@Pattern(regexp = TENANT_ID) String> openTenants();

    Policy policy();

    Events events();

    Gate gate();

    interface Policy {
        /** The compacted topic holding every tenant's policy; the source of truth for tenant policies. */
        @WithDefault("filter.policy-changes.v1")
        @NotBlank
        String topic();

        /** Partitions used when this service creates the topic. */
        @WithDefault("1")
        @Min(1)
        @Max(1024)
        int partitions();

        /** Replication factor used when this service creates the topic; the broker's default when absent. */
        Optional<@Min(1) Short> replicationFactor();

        /**
         * Kafka transactional id that the policy writers of every replica share. A write fences the
         * writer of any other replica, so each write checks its expected revision against the whole
         * log, not just this replica's view.
         */
        @WithDefault("filter-service-policy-admin")
        @NotBlank
        String transactionalId();

        /** How long an admin write waits for this replica to apply it (and to catch up before checking a revision). */
        @WithDefault("10s")
        Duration applyTimeout();
    }

    interface Events {
        /** Source attribute ({@code ce_source}) of emitted CloudEvents. */
        @WithDefault("/filter-service")
        @NotBlank
        String source();

        /** How long a check waits for Kafka to acknowledge its violation before failing with 503. */
        @WithDefault("10s")
        Duration violationSendTimeout();
    }

    /**
     * The before-generation gate ({@code POST /v1/requests:screen}, gRPC {@code safety.filter.v1.Gate}). Its three
     * downstream services are gRPC clients configured as {@code quarkus.grpc.clients.enforcement|hash|classifier.*}.
     */
    interface Gate {
        /** Largest init image accepted, in bytes; larger ones are refused with 413 image-too-large before any check. */
        @WithDefault("16777216")
        @Min(1)
        @Max(100_000_000)
        long maxImageBytes();

        /** Deadline of one standing lookup at the enforcement-service. */
        @WithDefault("1s")
        Duration standingTimeout();

        /** Deadline of one hash match at the hash-service (which preserves the evidence of a reporting match before it answers). */
        @WithDefault("5s")
        Duration hashTimeout();

        /** Deadline of one classification at the classifier-service. */
        @WithDefault("5s")
        Duration classifierTimeout();

        Standings standings();

        /** The small cache of account standings, so that a burst of requests asks the enforcement-service once. */
        interface Standings {
            /** How long a standing is used before it is asked again; 0 turns the cache off. */
            @WithDefault("5s")
            Duration cacheTtl();

            /** Most standings held; the oldest are dropped first. */
            @WithDefault("10000")
            @Min(1)
            @Max(10_000_000)
            int cacheSize();
        }
    }
}

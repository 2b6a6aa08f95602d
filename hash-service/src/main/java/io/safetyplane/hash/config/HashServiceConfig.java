package io.safetyplane.hash.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** Settings of the hash-service, validated at start-up. */
@ConfigMapping(prefix = "hash-service")
public interface HashServiceConfig {

    Media media();

    Replication replication();

    Violations violations();

    Evidence evidence();

    /** Limits checked before any image is decoded. */
    interface Media {
        /** Largest medium accepted, in bytes. */
        @WithDefault("33554432")
        @Positive
        long maxBytes();

        /** Largest width × height read from an image header (decompression bombs). */
        @WithDefault("50000000")
        @Positive
        long maxPixels();

        /** Longest time one decode may take. */
        @WithDefault("10s")
        Duration maxDecodeTime();

        /**
         * Media decoded at once; more wait (up to {@code max-decode-time}) and are then refused with
         * 503, so that a burst of large images cannot exhaust the heap. Defaults to the CPU count.
         */
        Optional<@Positive Integer> maxConcurrentDecodes();
    }

    interface Replication {
        /** The compacted topic that holds every bank change; the source of truth for bank contents. */
        @WithDefault("hash.bank-changes.v1")
        @NotBlank
        String topic();

        /** Partitions used when this service creates the topic. */
        @WithDefault("1")
        @Min(1)
        @Max(1024)
        int partitions();

        /** Replication factor used when this service creates the topic; the broker's default when absent. */
        Optional<@Min(1) Short> replicationFactor();

        /** Where the local snapshot is kept for fast restarts; no snapshot when absent. */
        Optional<Path> snapshotDir();

        /** How often a changed store is snapshotted (also at shutdown). */
        @WithDefault("5m")
        Duration snapshotInterval();

        /** How long an admin write waits for this replica to apply it before answering. */
        @WithDefault("10s")
        Duration applyTimeout();
    }

    interface Violations {
        /** Source attribute of emitted CloudEvents. */
        @WithDefault("/hash-service")
        String source();

        /** How long a request waits for Kafka to acknowledge a violation before failing. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    /**
     * Preservation of the bytes that matched a reporting bank, with the enforcement-service's gRPC
     * {@code safety.enforcement.v1.Evidence/Preserve}. Where that service is: {@code quarkus.grpc.clients.evidence.*}.
     */
    interface Evidence {
        /**
         * Whether media matching a reporting bank is handed to the evidence vault before the match is answered.
         * Switch it off only where no enforcement-service runs: nothing is then preserved.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long one Preserve call may take; past it the request fails closed with
         * {@code 503 evidence-not-preserved}. Must be positive.
         */
        @WithDefault("10s")
        Duration deadline();
    }
}

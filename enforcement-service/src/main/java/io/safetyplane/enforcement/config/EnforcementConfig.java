package io.safetyplane.enforcement.config;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
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

    /** The current version of the acceptable use policy; only an acceptance of this version counts. */
    @WithDefault("1")
    String aupVersion();

    /** Written notices (statements of reasons) and their delivery to tenants' webhooks. */
    Notices notices();

    interface Notices {
        /** How to appeal, as the notice says it: a URL or an API route. */
        @WithDefault("POST /v1/sanctions/{sanctionId}/appeals")
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

    /** The evidence vault (docs/evidence-vault.md). */
    Evidence evidence();

    interface Evidence {
        /**
         * The largest file {@code Evidence.Preserve} accepts; a larger one is refused (RESOURCE_EXHAUSTED). The gRPC
         * server's {@code quarkus.grpc.server.max-inbound-message-size} must leave room for it and the request's other
         * fields; the service refuses to start otherwise.
         */
        @WithDefault("20M")
        MemorySize maxBytes();

        /** How often evidence past its preservation is purged. */
        @WithDefault("1h")
        Duration purgeInterval();

        /** At most this many records are purged per transaction. */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int purgeBatchSize();

        /** The key-encryption keys that wrap the evidence's data keys. */
        Kek kek();

        interface Kek {
            /** The id of the KEK that wraps new data keys; one of {@link #keys()}. */
            Optional<String> active();

            /**
             * KEKs by id (1 to 64 characters of {@code A-Z a-z 0-9 . _ -}), each the base64 of 32 random bytes from a
             * secret ({@code openssl rand -base64 32}). Keep a rotated-out KEK while records wrapped under it remain.
             */
            Map<String, String> keys();
        }
    }

    /** CyberTipline reporting: the report queue's dispatcher, its client of NCMEC's Reporting API, and the reporter. */
    Tipline tipline();

    /**
     * {@code enforcement-service.tipline.*}. Checked at start ({@link StartupChecks}): when {@link #enabled()}, the
     * credentials, the XSD and the reporting person are required and the XSD must compile.
     */
    interface Tipline {
        /**
         * Whether queued reports are sent to NCMEC. When false (the default) confirmed incidents still queue as reports,
         * and staff can retry and retract them, but nothing is sent.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * The Reporting API's base URL: NCMEC's test host by default (it discards what it receives); production
         * ({@code https://report.cybertip.org/ispws}) only when set explicitly.
         */
        @WithDefault("https://exttest.cybertip.org/ispws")
        String endpoint();

        /** The HTTP Basic user name NCMEC issued for {@link #endpoint()}; required when enabled. */
        Optional<String> username();

        /** The HTTP Basic password NCMEC issued (a secret); required when enabled. */
        Optional<String> password();

        /** The path of NCMEC's {@code cyber_tipline.xsd} (not shipped with the service); required when enabled. */
        Optional<String> xsd();

        /** The most one call to NCMEC may take, its answer included. */
        @WithDefault("60s")
        Duration callTimeout();

        /** The most opening a connection to NCMEC may take. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Runs that may end in a retry before the report is held for an operator, with an alert. */
        @WithDefault("10")
        @Min(1)
        @Max(100)
        int maxAttempts();

        /** The wait after the first failed run; it doubles with every further one (with jitter) ... */
        @WithDefault("1m")
        Duration backoffBase();

        /** ... up to this wait. */
        @WithDefault("6h")
        Duration backoffCap();

        /** How often due reports are claimed and run. */
        @WithDefault("5s")
        Duration dispatchInterval();

        /** How long a claimed report stays with the replica that claimed it, so that no other one runs it meanwhile. */
        @WithDefault("10m")
        Duration lease();

        /** At most this many reports are claimed per dispatch (and replica). */
        @WithDefault("10")
        @Min(1)
        @Max(1000)
        int batchSize();

        /** Who NCMEC can contact about the reports, and the provider's standing texts. */
        Reporter reporter();

        interface Reporter {
            /** The reporting person's first name; required when enabled. */
            Optional<String> firstName();

            /** The reporting person's last name; required when enabled. */
            Optional<String> lastName();

            /** The reporting person's (business) e-mail; required when enabled. */
            Optional<String> email();

            /** A business phone number, or none. */
            Optional<String> phone();

            /** How to serve legal process on the provider and how long data is kept ({@code reporter/companyTemplate}). */
            Optional<String> companyTemplate();

            /** The acceptable use policy's text or URL ({@code reporter/termsOfService}). */
            Optional<String> termsOfService();

            /** The provider's legal page ({@code reporter/legalURL}). */
            Optional<String> legalUrl();

            /** The product the reported user used ({@code espService}). */
            @WithDefault("Safety Plane generative-AI API")
            String espService();
        }
    }
}

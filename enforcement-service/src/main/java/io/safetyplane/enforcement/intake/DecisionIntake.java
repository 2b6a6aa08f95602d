package io.safetyplane.enforcement.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.model.ProcessedEvent;
import io.safetyplane.enforcement.review.ReviewQueue;
import io.safetyplane.enforcement.review.Sampling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes every gate decision from {@code safety.decisions.v1}, like {@link ViolationIntake}: at-least-once delivery,
 * exactly-once effects (the event id is recorded in the same transaction), records that are not Decisions to the
 * dead-letter topic, retried with back-off while PostgreSQL is unavailable. Effects: the day's count per decider, stage
 * and action ({@code decision_counts}), and a random sample of the allowed decisions queued for review
 * ({@code enforcement-service.review-sample-rate}) to estimate what the automated system misses.
 */
@ApplicationScoped
public class DecisionIntake {
    private static final Logger LOG = Logger.getLogger(DecisionIntake.class);

    private static final String COUNT = "insert into decision_counts (day, decider, stage, action, count) values (?1, ?2, ?3, ?4, 1) "
            + "on conflict (day, decider, stage, action) do update set count = decision_counts.count + 1";

    private final ReviewQueue queue;
    private final Clock clock;
    private final double sampleRate;
    private final Counter counted;
    private final Counter sampled;
    private final Counter duplicates;
    private final Counter malformed;

    public DecisionIntake(ReviewQueue queue, Clock clock, EnforcementConfig config, MeterRegistry meters) {
        this.queue = queue;
        this.clock = clock;
        this.sampleRate = config.reviewSampleRate();
        this.counted = Counter.builder("enforcement_decisions_counted").description("Gate decisions counted").register(meters);
        this.sampled = Counter.builder("enforcement_decisions_sampled")
                .description("Allowed gate decisions drawn into the review queue").register(meters);
        this.duplicates = Counter.builder("enforcement_decisions_duplicate")
                .description("Redelivered decisions that were already counted").register(meters);
        this.malformed = Counter.builder("enforcement_decisions_malformed")
                .description("Records that were not Decisions (sent to the dead-letter topic)").register(meters);
    }

    @Incoming("decisions")
    public Uni<Void> consume(byte[] payload) {
        Decision d;
        try {
            d = Decision.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            malformed.increment();
            return Uni.createFrom().failure(new MalformedEventException("not a safety.events.v1.Decision: " + e.getMessage()));
        }
        if (d.getEventId().isBlank() || d.getDecider().isBlank() || d.getDecidedAtMillis() <= 0) {
            malformed.increment();
            return Uni.createFrom().failure(new MalformedEventException("decision without event id, decider or time"));
        }
        return Panache.withTransaction(() -> apply(d))
                .onFailure().invoke(e -> LOG.warnf("decision %s not applied yet (%s); retrying", d.getEventId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }

    /** The effects of one decision, in the caller's transaction. */
    Uni<Boolean> apply(Decision d) {
        Instant now = clock.instant();
        return ProcessedEvent.<ProcessedEvent>findById(d.getEventId()).flatMap(seen -> {
            if (seen != null) {
                duplicates.increment();
                return Uni.createFrom().item(false);
            }
            boolean drawn = d.getAction() == Action.ACTION_ALLOW && Sampling.drawn(d.getEventId(), sampleRate);
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(d.getDecidedAtMillis()), ZoneOffset.UTC);
            return Panache.getSession().flatMap(s -> s.createNativeQuery(COUNT).setParameter(1, day).setParameter(2, d.getDecider())
                    .setParameter(3, id(d.getStage().name(), "CONTENT_STAGE_")).setParameter(4, id(d.getAction().name(), "ACTION_"))
                    .executeUpdate())
                    .call(x -> drawn ? queue.sampled(d) : Uni.createFrom().voidItem())
                    .call(x -> ProcessedEvent.of(d.getEventId(), Topics.DECISIONS, now).persist())
                    .invoke(x -> {
                        counted.increment();
                        if (drawn) {
                            sampled.increment();
                        }
                    })
                    .replaceWith(true);
        });
    }

    /** {@code ACTION_BLOCK_AND_REPORT} as {@code block_and_report}; an unknown value as {@code unspecified}. */
    private static String id(String constant, String prefix) {
        return constant.startsWith(prefix) ? constant.substring(prefix.length()).toLowerCase(Locale.ROOT) : "unspecified";
    }
}

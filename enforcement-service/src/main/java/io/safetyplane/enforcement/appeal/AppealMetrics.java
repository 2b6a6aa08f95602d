package io.safetyplane.enforcement.appeal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appeals as metrics: received, decided by outcome, time to decision, and the open and overdue appeals (gauges refreshed
 * from PostgreSQL every {@code enforcement-service.appeal-metrics-interval}, so every replica reports the same).
 */
@ApplicationScoped
public class AppealMetrics {
    private static final Logger LOG = Logger.getLogger(AppealMetrics.class);

    private final Pool pool;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter received;
    private final Timer timeToDecision;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    public AppealMetrics(Pool pool, Clock clock, MeterRegistry meters) {
        this.pool = pool;
        this.clock = clock;
        this.meters = meters;
        this.received = Counter.builder("enforcement_appeals_received").description("Appeals filed").register(meters);
        this.timeToDecision = Timer.builder("enforcement_appeal_decision_time").description("From filing to decision")
                .publishPercentiles(0.5).register(meters);
        Gauge.builder("enforcement_appeals_open", open, AtomicLong::get).description("Appeals waiting for a decision").register(meters);
        Gauge.builder("enforcement_appeals_overdue", overdue, AtomicLong::get).description("Open appeals past their decide-by time")
                .register(meters);
    }

    void received() {
        received.increment();
    }

    void decided(String outcome, Duration took) {
        Counter.builder("enforcement_appeals_decided").description("Appeals decided, by outcome").tag("outcome", outcome).register(meters)
                .increment();
        timeToDecision.record(took);
    }

    @Scheduled(every = "${enforcement-service.appeal-metrics-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("select count(*), count(*) filter (where decide_by < $1) from appeals where state = 'open'")
                .execute(Tuple.of(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    open.set(r.getLong(0));
                    overdue.set(r.getLong(1));
                })
                .onFailure().invoke(e -> LOG.warnf("appeal gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

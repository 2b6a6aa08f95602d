package io.safetyplane.enforcement.evidence;

import java.time.Clock;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Purges evidence whose preservation has ended, every {@code enforcement-service.evidence.purge-interval}: the bytes are
 * deleted, the record and its audit trail stay ({@link EvidenceVault#purgeDue}). A failed run is logged, counted
 * ({@code enforcement_evidence_purge_failures}) and tried again at the next interval.
 */
@ApplicationScoped
public class EvidencePurge {
    private static final Logger LOG = Logger.getLogger(EvidencePurge.class);

    private final EvidenceVault vault;
    private final Clock clock;
    private final Counter failures;

    public EvidencePurge(EvidenceVault vault, Clock clock, MeterRegistry meters) {
        this.vault = vault;
        this.clock = clock;
        this.failures = Counter.builder("enforcement_evidence_purge_failures").description("Runs of the evidence purge that failed")
                .register(meters);
    }

    @Scheduled(every = "${enforcement-service.evidence.purge-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> run() {
        return vault.purgeDue(clock.instant())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("purged %d evidence file(s) whose preservation ended", n);
                    }
                })
                .onFailure().invoke(e -> {
                    failures.increment();
                    LOG.warnf("evidence purge failed; retried at the next interval: %s", e.getMessage());
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

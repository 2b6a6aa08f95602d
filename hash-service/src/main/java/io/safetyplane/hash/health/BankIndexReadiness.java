package io.safetyplane.hash.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.replication.BankReplica;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready only once the index has read every bank change that existed at start-up. */
@Readiness
@ApplicationScoped
public class BankIndexReadiness implements HealthCheck {
    private final BankReplica replica;
    private final BankStore store;

    public BankIndexReadiness(BankReplica replica, BankStore store) {
        this.replica = replica;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("bank-index")
                .status(replica.caughtUp())
                .withData("topic", replica.topic())
                .withData("lagRecords", replica.lag());
        if (replica.caughtUp()) {
            long entries = 0;
            for (BankState s : store.banks()) {
                entries += s.counts().values().stream().mapToLong(Integer::longValue).sum();
            }
            b.withData("banks", store.banks().size()).withData("entries", entries);
        }
        replica.failure().ifPresent(f -> b.withData("failure", f));
        return b.build();
    }
}

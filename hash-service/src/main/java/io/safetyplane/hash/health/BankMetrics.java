package io.safetyplane.hash.health;

import java.util.HashSet;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Registers a gauge of entries per bank and signal type as banks appear. */
@ApplicationScoped
public class BankMetrics {
    private final BankStore store;
    private final MeterRegistry registry;
    private final Set<String> registered = new HashSet<>();

    public BankMetrics(BankStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Scheduled(every = "10s", delayed = "1s")
    synchronized void register() {
        for (BankState state : store.banks()) {
            String bank = state.bank().name();
            for (String type : state.counts().keySet()) {
                if (registered.add(bank + "/" + type)) {
                    Gauge.builder("hash_bank_entries", store, s -> s.find(bank).map(b -> b.counts().getOrDefault(type, 0)).orElse(0))
                            .tag("bank", bank).tag("signal", type).description("Entries in a bank").register(registry);
                }
            }
        }
    }
}

package io.safetyplane.hash.health;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps one gauge of entries per bank and signal type, adding and removing them as banks come and go. */
@ApplicationScoped
public class BankMetrics {
    private final BankStore store;
    private final MeterRegistry registry;
    private final Map<String, Gauge> gauges = new HashMap<>();

    public BankMetrics(BankStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Scheduled(every = "10s", delayed = "1s")
    synchronized void refresh() {
        for (BankState state : store.banks()) {
            String bank = state.bank().name();
            for (String type : state.counts().keySet()) {
                gauges.computeIfAbsent(bank + "/" + type, k -> Gauge
                        .builder("hash_bank_entries", store, s -> s.find(bank).map(b -> b.counts().getOrDefault(type, 0)).orElse(0))
                        .tag("bank", bank).tag("signal", type).description("Entries in a bank").register(registry));
            }
        }
        for (Iterator<Map.Entry<String, Gauge>> it = gauges.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Gauge> e = it.next();
            if (store.find(e.getKey().substring(0, e.getKey().lastIndexOf('/'))).isEmpty()) {
                registry.remove(e.getValue());
                it.remove();
            }
        }
    }
}

package io.safetyplane.hash.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.hash.bank.BankAction;
import io.safetyplane.hash.bank.BankMatch;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.replication.BankReplica;
import io.safetyplane.hash.signal.QuerySignal;
import jakarta.enterprise.context.ApplicationScoped;

/** Matches signals against the banks and reports matches in reporting banks as violations. */
@ApplicationScoped
public class HashMatching {
    private final BankStore store;
    private final BankReplica replica;
    private final ViolationPublisher violations;
    private final MeterRegistry registry;
    private final Timer lookups;

    public HashMatching(BankStore store, BankReplica replica, ViolationPublisher violations, MeterRegistry registry) {
        this.store = store;
        this.replica = replica;
        this.violations = violations;
        this.registry = registry;
        this.lookups = Timer.builder("hash_lookup_seconds").description("Matching one request's signals against every bank")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** What a request matched and the strongest action among the matches. */
    public record Outcome(List<QuerySignal> signals, List<BankMatch> matches, Optional<BankAction> action) {
    }

    /**
     * @throws IndexNotReadyException when this replica has not yet read every bank; answering then
     *         could miss a match
     */
    public Outcome match(RequestContext context, String contentId, List<QuerySignal> signals) {
        if (!replica.caughtUp()) {
            throw new IndexNotReadyException();
        }
        List<BankMatch> matches = lookups.record(() -> store.match(signals));
        matches.sort(Comparator.comparing((BankMatch m) -> m.bank().action()).reversed()
                .thenComparingInt(BankMatch::distance));
        Map<String, List<BankMatch>> reportable = new LinkedHashMap<>();
        for (BankMatch m : matches) {
            Counter.builder("hash_matches").tag("bank", m.bank().name()).tag("action", m.bank().action().wireName())
                    .register(registry).increment();
            if (m.bank().action().reporting()) {
                reportable.computeIfAbsent(m.bank().category(), c -> new ArrayList<>()).add(m);
            }
        }
        reportable.forEach((category, ms) -> violations.publish(context, contentId, category, ms, signals));
        Optional<BankAction> action = matches.stream().map(m -> m.bank().action()).max(Comparator.naturalOrder());
        return new Outcome(signals, matches, action);
    }

    /** The index is still being built from the bank-changes topic. */
    public static final class IndexNotReadyException extends RuntimeException {
        public IndexNotReadyException() {
            super("the hash index is still loading the banks; try again shortly");
        }
    }
}

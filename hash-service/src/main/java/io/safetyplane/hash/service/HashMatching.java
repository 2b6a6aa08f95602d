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
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.hash.client.EvidenceVaultClient;
import io.safetyplane.hash.bank.BankAction;
import io.safetyplane.hash.bank.BankMatch;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.replication.BankReplica;
import io.safetyplane.hash.signal.QuerySignal;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Matches signals against the banks and reports matches in reporting banks: per category, a violation on Kafka
 * and then, when the request carried the medium itself, its bytes to the evidence vault, both before the answer.
 */
@ApplicationScoped
public class HashMatching {
    private final BankStore store;
    private final BankReplica replica;
    private final ViolationPublisher violations;
    private final EvidenceVaultClient evidence;
    private final MeterRegistry registry;
    private final Timer lookups;

    public HashMatching(BankStore store, BankReplica replica, ViolationPublisher violations, EvidenceVaultClient evidence,
            MeterRegistry registry) {
        this.store = store;
        this.replica = replica;
        this.violations = violations;
        this.evidence = evidence;
        this.registry = registry;
        this.lookups = Timer.builder("hash_lookup_seconds").description("Matching one request's signals against every bank")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** What a request matched, the strongest action among the matches, and the violations emitted for them. */
    public record Outcome(List<QuerySignal> signals, List<BankMatch> matches, Optional<BankAction> action, List<String> violationEventIds) {
    }

    /**
     * The bytes a request's signals were computed from, held for the length of the request only, so that a match in
     * a reporting bank can be preserved as evidence.
     *
     * @param declaredType the media type the caller declared (used when the media module does not know the format)
     * @param receivedAtMillis when this service received the bytes
     */
    public record Medium(byte[] bytes, String declaredType, long receivedAtMillis) {
        public static Medium received(byte[] bytes, String declaredType) {
            return new Medium(bytes, declaredType, System.currentTimeMillis());
        }
    }

    /**
     * Matches the signals; for each category of matches in reporting banks, publishes the violation and, when
     * {@code medium} is given, preserves it with the evidence vault.
     *
     * @param stage  upload or output, carried into violations and evidence
     * @param medium the bytes hashed, or null when the caller sent signals only (nothing is preserved then)
     * @throws IndexNotReadyException when this replica has not yet read every bank; answering then
     *         could miss a match
     * @throws io.safetyplane.service.Failure {@code violation-not-recorded} or {@code evidence-not-preserved}
     *         (UNAVAILABLE) when a reporting match could not be recorded: the caller fails closed and retries
     */
    public Outcome match(RequestContext context, String contentId, ContentStage stage, List<QuerySignal> signals,
            Medium medium) {
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
        List<String> emitted = new ArrayList<>();
        reportable.forEach((category, ms) -> {
            Violation violation = violations.publish(context, contentId, stage, category, ms, signals);
            emitted.add(violation.getEventId());
            if (medium != null && evidence.enabled()) {
                evidence.preserve(new EvidenceVaultClient.Submission(context, medium.bytes(), medium.declaredType(),
                        contentId, stage, medium.receivedAtMillis(), violation.getEventId(), category, signals, ms));
            }
        });
        Optional<BankAction> action = matches.stream().map(m -> m.bank().action()).max(Comparator.naturalOrder());
        return new Outcome(signals, matches, action, List.copyOf(emitted));
    }

    /** The index is still being built from the bank-changes topic. */
    public static final class IndexNotReadyException extends RuntimeException {
        public IndexNotReadyException() {
            super("the hash index is still loading the banks; try again shortly");
        }
    }
}

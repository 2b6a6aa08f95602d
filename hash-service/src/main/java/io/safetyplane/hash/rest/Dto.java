package io.safetyplane.hash.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.safetyplane.hash.bank.Bank;
import io.safetyplane.hash.bank.BankMatch;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.service.HashMatching;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.service.rest.RequestContextDto;

/** JSON shapes of the REST API. */
public final class Dto {
    private Dto() {
    }

    public record Signal(String type, String value, Integer quality) {
        static Signal of(QuerySignal s) {
            return new Signal(s.type(), s.value(), s.quality());
        }
    }

    /** Match hashes computed elsewhere; {@code stage} is upload (the default) or output. */
    public record SignalMatchRequest(RequestContextDto context, String contentId, String stage, List<Signal> signals) {
    }

    public record Match(String bank, String entryId, String externalId, String signalType, int distance, Integer quality,
            String action, String category, String source, String transform) {
        static Match of(BankMatch m) {
            return new Match(m.bank().name(), m.entry().id(), m.entry().externalId(), m.entry().signalType(), m.distance(),
                    m.signal().quality(), m.bank().action().wireName(), m.bank().category(), m.bank().source(), m.transform());
        }
    }

    /**
     * {@code action} is the strongest action among the matches, or null when nothing matched; {@code violationEventIds}
     * the violations emitted for matches in reporting banks.
     */
    public record MatchResponse(List<Signal> signals, List<Match> matches, String action, List<String> violationEventIds) {
        static MatchResponse of(HashMatching.Outcome o) {
            return new MatchResponse(o.signals().stream().map(Signal::of).toList(),
                    o.matches().stream().map(Match::of).toList(), o.action().map(a -> a.wireName()).orElse(null), o.violationEventIds());
        }
    }

    public record HashResponse(List<Signal> signals, List<String> pdqDihedral) {
    }

    public record BankRequest(String name, String source, String category, Integer pdqThreshold, Integer qualityFloor,
            Boolean enabled, String action, String description) {
    }

    public record BankView(String name, String source, String category, int pdqThreshold, int qualityFloor, boolean enabled,
            String action, String description, Instant createdAt, Instant updatedAt, Map<String, Integer> entries) {
        static BankView of(BankState state) {
            Bank b = state.bank();
            return new BankView(b.name(), b.source(), b.category(), b.pdqThreshold(), b.qualityFloor(), b.enabled(),
                    b.action().wireName(), b.description(), b.createdAt(), b.updatedAt(), state.counts());
        }
    }

    public record BankStats(String name, Map<String, Integer> entries, int total, long indexBytes, int pdqOddPopcount,
            Instant newestEntryAt) {
    }

    public record NewEntry(String signalType, String hash, String externalId) {
    }

    public record EntriesRequest(List<NewEntry> entries) {
    }

    public record EntryKey(String signalType, String hash) {
    }

    public record RemoveRequest(List<EntryKey> entries) {
    }
}

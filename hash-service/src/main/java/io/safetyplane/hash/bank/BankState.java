package io.safetyplane.hash.bank;

import java.util.LinkedHashMap;
import java.util.Map;

import io.safetyplane.hash.signal.PdqSignal;
import io.safetyplane.hash.signal.SignalType;
import io.safetyplane.hash.signal.SignalTypes;

/** One bank in the replica: its settings and its entries per signal type. */
public final class BankState {
    private volatile Bank bank;
    private final Map<String, SignalEntries> entries = new LinkedHashMap<>();

    BankState(Bank bank, SignalTypes types) {
        this.bank = bank;
        for (SignalType t : types.all()) {
            entries.put(t.name(), new SignalEntries(t));
        }
    }

    public Bank bank() {
        return bank;
    }

    void bank(Bank bank) {
        this.bank = bank;
    }

    SignalEntries entries(String signalType) {
        return entries.get(signalType);
    }

    Map<String, SignalEntries> allEntries() {
        return entries;
    }

    /** Searchable entries per signal type, as last published. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        entries.forEach((type, e) -> counts.put(type, e.view().size()));
        return counts;
    }

    public long indexBytes() {
        long bytes = 0;
        for (SignalEntries e : entries.values()) {
            bytes += e.view().memoryBytes();
        }
        return bytes;
    }

    int threshold(String signalType) {
        return PdqSignal.NAME.equals(signalType) ? bank.pdqThreshold() : 0;
    }

    void publish() {
        entries.forEach((type, e) -> e.publish(threshold(type)));
    }
}

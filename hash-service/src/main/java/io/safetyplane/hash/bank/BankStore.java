package io.safetyplane.hash.bank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;

import io.safetyplane.contracts.hash.v1.BankChange;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.hash.signal.SignalTypes;

/**
 * The replica's copy of every bank, built only from bank-change records.
 *
 * <p>One writer thread calls {@link #apply} and {@link #publish}; any thread may read and match.
 */
public final class BankStore {
    private final SignalTypes types;
    private final ConcurrentSkipListMap<String, BankState> banks = new ConcurrentSkipListMap<>();
    private final Set<BankState> dirty = new HashSet<>();

    public BankStore(SignalTypes types) {
        this.types = types;
    }

    public SignalTypes types() {
        return types;
    }

    // ---- writer side -------------------------------------------------------------------------

    /**
     * Applies one record of the bank-changes topic; a null value deletes what the key names.
     *
     * @throws InvalidChangeException for a record this service cannot use; the store is unchanged
     */
    public void apply(String key, byte[] value) throws InvalidChangeException {
        String bankName = BankKeys.bankOf(key);
        if (bankName == null) {
            throw new InvalidChangeException("unknown key " + key);
        }
        if (BankKeys.isBank(key)) {
            if (value == null) {
                BankState removed = banks.remove(bankName);
                if (removed != null) {
                    removed.allEntries().values().forEach(SignalEntries::clear);
                    dirty.remove(removed);
                }
                return;
            }
            BankChange change = parse(key, value);
            if (!change.hasBank() || !change.getBank().getName().equals(bankName)) {
                throw new InvalidChangeException("record " + key + " does not hold that bank's settings");
            }
            Bank bank = Bank.fromProto(change.getBank());
            BankState state = banks.get(bankName);
            if (state == null) {
                banks.put(bankName, state = new BankState(bank, types));
            } else {
                state.bank(bank);
            }
            dirty.add(state);
            return;
        }
        String[] parts = BankKeys.entryParts(key);
        BankState state = banks.get(bankName);
        if (state == null) {
            throw new InvalidChangeException("entry " + key + " names a bank that does not exist");
        }
        SignalEntries entries = state.entries(parts[1]);
        if (entries == null) {
            throw new InvalidChangeException("entry " + key + " has an unknown signal type");
        }
        if (value == null) {
            entries.remove(parts[2]);
        } else {
            BankChange change = parse(key, value);
            if (!change.hasEntry() || !change.getEntry().getHash().equals(parts[2])
                    || !change.getEntry().getSignalType().equals(parts[1])) {
                throw new InvalidChangeException("record " + key + " does not hold that entry");
            }
            entries.put(BankEntry.fromProto(change.getEntry(), state.bank().name(), entries.signalType()));
        }
        dirty.add(state);
    }

    /** Forgets every bank (before a full replay). */
    public void clear() {
        for (BankState state : banks.values()) {
            state.allEntries().values().forEach(SignalEntries::clear);
        }
        banks.clear();
        dirty.clear();
    }

    /** Makes everything applied so far searchable. */
    public void publish() {
        for (BankState state : dirty) {
            state.publish();
        }
        dirty.clear();
    }

    /** Every bank and entry as bank-change records, banks first; for snapshots. Writer thread only. */
    public void contents(Consumer<BankChange> out) {
        for (BankState state : banks.values()) {
            out.accept(BankChange.newBuilder().setBank(state.bank().toProto()).build());
            for (SignalEntries entries : state.allEntries().values()) {
                for (BankEntry e : entries.liveEntries()) {
                    out.accept(BankChange.newBuilder().setEntry(e.toProto()).build());
                }
            }
        }
    }

    private static BankChange parse(String key, byte[] value) throws InvalidChangeException {
        try {
            return BankChange.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidChangeException("record " + key + " is not a BankChange: " + e.getMessage());
        }
    }

    // ---- reader side -------------------------------------------------------------------------

    public List<BankState> banks() {
        return List.copyOf(banks.values());
    }

    public Optional<BankState> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(banks.get(name));
    }

    /** Matches the signals against every enabled bank. */
    public List<BankMatch> match(List<QuerySignal> signals) {
        List<BankMatch> matches = new ArrayList<>();
        for (BankState state : banks.values()) {
            Bank bank = state.bank();
            if (!bank.enabled()) {
                continue;
            }
            for (QuerySignal signal : signals) {
                SignalEntries entries = state.entries(signal.type());
                if (entries == null || (signal.quality() != null && signal.quality() < bank.qualityFloor())) {
                    continue;
                }
                entries.view().search(signal, state.threshold(signal.type()), (entry, distance, probe) ->
                        matches.add(new BankMatch(bank, entry, signal, distance, signal.transforms().get(probe))));
            }
        }
        return matches;
    }

    /** The searchable entry of a bank with this canonical hash, found through the index. */
    public Optional<BankEntry> entry(BankState state, String signalType, String hash) {
        SignalEntries entries = state.entries(signalType);
        if (entries == null) {
            return Optional.empty();
        }
        QuerySignal exact = types.find(signalType).orElseThrow().query(hash, null);
        BankEntry[] found = new BankEntry[1];
        entries.view().search(exact, 0, (entry, distance, probe) -> {
            if (entry.hash().equals(hash)) {
                found[0] = entry;
            }
        });
        return Optional.ofNullable(found[0]);
    }

    /** Live entries of a bank as last published. */
    public List<BankEntry> entries(BankState state) {
        List<BankEntry> out = new ArrayList<>();
        for (SignalEntries e : state.allEntries().values()) {
            out.addAll(e.view().entries());
        }
        return out;
    }

    public static final class InvalidChangeException extends Exception {
        InvalidChangeException(String message) {
            super(message);
        }
    }
}

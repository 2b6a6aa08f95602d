package io.safetyplane.hash.service;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.safetyplane.contracts.hash.v1.BankChange;
import io.safetyplane.hash.bank.Bank;
import io.safetyplane.hash.bank.BankAction;
import io.safetyplane.hash.bank.BankEntry;
import io.safetyplane.hash.bank.BankKeys;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.replication.BankChangeLog;
import io.safetyplane.hash.replication.BankChangeLog.Change;
import io.safetyplane.hash.replication.BankReplica;
import io.safetyplane.hash.signal.InvalidHashException;
import io.safetyplane.hash.signal.SignalType;
import io.safetyplane.service.Failure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bank administration. Every change is validated against this replica's view, written to the
 * bank-changes topic, and answered once this replica has applied it, so a caller reads its own
 * writes.
 */
@ApplicationScoped
public class BankAdmin {
    private static final Logger LOG = Logger.getLogger(BankAdmin.class);

    private final BankStore store;
    private final BankChangeLog log;
    private final BankReplica replica;
    private final HashServiceConfig.Replication config;
    private final HashListParser parser;

    public BankAdmin(BankStore store, BankChangeLog log, BankReplica replica, HashServiceConfig config) {
        this.store = store;
        this.log = log;
        this.replica = replica;
        this.config = config.replication();
        this.parser = new HashListParser(store.types());
    }

    /** Settings a caller may give; null means "default" on create and "unchanged" on update. */
    public record BankSettings(String source, String category, Integer pdqThreshold, Integer qualityFloor, Boolean enabled,
            String action, String description) {
    }

    public Bank create(String name, BankSettings s) {
        ready();
        if (store.find(name).isPresent()) {
            throw new Failure(Failure.Kind.CONFLICT, "bank-exists", "Bank exists", "a bank named '" + name + "' already exists");
        }
        Instant now = Instant.now();
        Bank bank = validated(new Bank(name, s.source(), s.category(),
                s.pdqThreshold() == null ? Bank.DEFAULT_PDQ_THRESHOLD : s.pdqThreshold(),
                s.qualityFloor() == null ? Bank.DEFAULT_QUALITY_FLOOR : s.qualityFloor(),
                s.enabled() == null || s.enabled(), action(s.action(), null), s.description(), now, now));
        write(List.of(new Change(BankKeys.bank(name), BankChange.newBuilder().setBank(bank.toProto()).build())));
        return bank;
    }

    public Bank update(String name, BankSettings s) {
        Bank old = bank(name).bank();
        Bank bank = validated(new Bank(name,
                s.source() == null ? old.source() : s.source(),
                s.category() == null ? old.category() : s.category(),
                s.pdqThreshold() == null ? old.pdqThreshold() : s.pdqThreshold(),
                s.qualityFloor() == null ? old.qualityFloor() : s.qualityFloor(),
                s.enabled() == null ? old.enabled() : s.enabled(),
                action(s.action(), old), s.description() == null ? old.description() : s.description(),
                old.createdAt(), Instant.now()));
        write(List.of(new Change(BankKeys.bank(name), BankChange.newBuilder().setBank(bank.toProto()).build())));
        return bank;
    }

    /** Deletes a bank: a tombstone for every entry, then for the bank, so compaction leaves nothing behind. */
    public void delete(String name) {
        BankState state = bank(name);
        List<Change> changes = new ArrayList<>();
        for (BankEntry e : store.entries(state)) {
            changes.add(Change.delete(BankKeys.entry(name, e.signalType(), e.hash())));
        }
        changes.add(Change.delete(BankKeys.bank(name)));
        write(changes);
    }

    public record NewEntry(String signalType, String hash, String externalId) {
    }

    public record EntryProblem(int index, String message) {
    }

    public record Added(int added, List<EntryProblem> warnings) {
    }

    /** Adds entries; if any is invalid nothing is added and every problem is reported. */
    public Added add(String name, List<NewEntry> entries) {
        bank(name);
        List<EntryProblem> errors = new ArrayList<>();
        List<EntryProblem> warnings = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < entries.size(); i++) {
            NewEntry e = entries.get(i);
            SignalType type = store.types().find(e.signalType()).orElse(null);
            if (type == null) {
                errors.add(new EntryProblem(i, "signal type '" + e.signalType() + "' is not one of " + store.types().names()));
                continue;
            }
            try {
                String hash = type.canonical(e.hash());
                int index = i;
                type.warnings(hash).forEach(w -> warnings.add(new EntryProblem(index, w)));
                changes.add(entryChange(name, type.name(), hash, e.externalId(), now));
            } catch (InvalidHashException ex) {
                errors.add(new EntryProblem(i, ex.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new Failure(Failure.Kind.UNPROCESSABLE, "invalid-entries", "Invalid entries",
                    errors.size() + " of " + entries.size() + " entries are invalid; none was added", Map.of("errors", errors));
        }
        write(changes);
        return new Added(changes.size(), warnings);
    }

    public record EntryKey(String signalType, String hash) {
    }

    public record Removed(int removed, List<EntryKey> notFound) {
    }

    public Removed remove(String name, List<EntryKey> keys) {
        BankState state = bank(name);
        List<Change> changes = new ArrayList<>();
        List<EntryKey> notFound = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (EntryKey k : keys) {
            SignalType type = store.types().find(k.signalType()).orElse(null);
            String hash = null;
            if (type != null) {
                try {
                    hash = type.canonical(k.hash());
                } catch (InvalidHashException e) {
                    hash = null;
                }
            }
            if (hash == null || store.entry(state, type.name(), hash).isEmpty()) {
                notFound.add(k);
            } else if (seen.add(type.name() + ":" + hash)) {
                changes.add(Change.delete(BankKeys.entry(name, type.name(), hash)));
            }
        }
        if (!changes.isEmpty()) {
            write(changes);
        }
        return new Removed(changes.size(), notFound);
    }

    public record Imported(int imported, int skipped, List<HashListParser.Problem> errors, List<HashListParser.Problem> warnings) {
    }

    /**
     * Imports a hash list, streaming its good lines into one Kafka transaction as they are read.
     * With any malformed line the transaction is aborted and nothing is applied, unless
     * {@code skipBadLines}, in which case the good lines are applied and the bad ones reported.
     */
    public Imported importList(String name, Reader list, boolean csv, String signalType, boolean skipBadLines)
            throws IOException {
        bank(name);
        Instant now = Instant.now();
        HashListParser.Result[] parsed = new HashListParser.Result[1];
        long t0 = System.nanoTime();
        Optional<Map<Integer, Long>> offsets;
        try {
            offsets = log.transact(out -> {
                try {
                    parsed[0] = parser.parse(list, csv, signalType,
                            l -> out.accept(entryChange(name, l.signalType(), l.hash(), l.externalId(), now)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return !parsed[0].fatal() && (parsed[0].errorCount() == 0 || skipBadLines);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (BankChangeLog.BankLogUnavailableException e) {
            throw unavailable(e);
        }
        HashListParser.Result r = parsed[0];
        if (offsets.isEmpty()) {
            throw new Failure(Failure.Kind.UNPROCESSABLE, "invalid-hash-list", "Invalid hash list",
                    r.errorCount() + " malformed line(s); nothing was imported"
                            + (r.fatal() ? "" : " (pass skipBadLines=true to import the good lines)"),
                    Map.of("errors", r.errors(), "warnings", r.warnings()));
        }
        awaitSearchable(offsets.get(), r.entries(), t0);
        return new Imported(r.entries(), r.errorCount(), r.errors(), r.warnings());
    }

    public BankState bank(String name) {
        ready();
        return store.find(name).orElseThrow(() -> HashFailures.unknownBank(name));
    }

    private static Change entryChange(String bank, String type, String hash, String externalId, Instant now) {
        BankEntry entry = new BankEntry(bank, type, hash, externalId, now);
        return new Change(BankKeys.entry(bank, type, hash), BankChange.newBuilder().setEntry(entry.toProto()).build());
    }

    private static Bank validated(Bank bank) {
        List<String> problems = bank.problems();
        if (!problems.isEmpty()) {
            throw new Failure(Failure.Kind.INVALID, "invalid-bank", "Invalid bank settings", String.join("; ", problems),
                    Map.of("errors", problems));
        }
        return bank;
    }

    private static BankAction action(String value, Bank old) {
        if (value == null) {
            return old == null ? null : old.action();
        }
        return BankAction.parse(value).orElse(null);
    }

    private void ready() {
        if (!replica.caughtUp()) {
            throw new HashMatching.IndexNotReadyException();
        }
    }

    private void write(List<Change> changes) {
        long t0 = System.nanoTime();
        try {
            awaitSearchable(log.append(changes), changes.size(), t0);
        } catch (BankChangeLog.BankLogUnavailableException e) {
            throw unavailable(e);
        }
    }

    private static Failure unavailable(BankChangeLog.BankLogUnavailableException e) {
        return new Failure(Failure.Kind.UNAVAILABLE, "bank-log-unavailable", "Bank changes could not be written", e.getMessage());
    }

    /** Waits until this replica has applied the written changes, so the caller reads its own write. */
    private void awaitSearchable(Map<Integer, Long> offsets, int count, long t0) {
        long t1 = System.nanoTime();
        try {
            if (!replica.awaitApplied(offsets, config.applyTimeout())) {
                LOG.warnf("%d bank changes written in %d ms but not yet searchable here after %s", count,
                        (t1 - t0) / 1_000_000, config.applyTimeout());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.infof("%d bank changes written in %d ms, searchable here %d ms later", count, (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
    }
}

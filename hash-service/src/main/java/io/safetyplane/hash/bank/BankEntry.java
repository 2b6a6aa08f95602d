package io.safetyplane.hash.bank;

import java.time.Instant;

import io.safetyplane.contracts.hash.v1.BankEntry.Builder;

/**
 * One hash in a bank. Identity is bank + signal type + hash. {@code removed} is set (once) by the
 * replica's writer when the entry is removed or replaced, so that readers of an index built
 * earlier skip it at once.
 */
public final class BankEntry {
    private final String bank;
    private final String signalType;
    private final String hash;
    private final String externalId;
    private final long addedAtMillis;
    private volatile boolean removed;

    public BankEntry(String bank, String signalType, String hash, String externalId, Instant addedAt) {
        this(bank, signalType, hash, externalId, addedAt.toEpochMilli());
    }

    private BankEntry(String bank, String signalType, String hash, String externalId, long addedAtMillis) {
        this.bank = bank;
        this.signalType = signalType;
        this.hash = hash;
        this.externalId = externalId;
        this.addedAtMillis = addedAtMillis;
    }

    public String bank() {
        return bank;
    }

    public String signalType() {
        return signalType;
    }

    public String hash() {
        return hash;
    }

    /** Id the hash list gave this entry, or null. */
    public String externalId() {
        return externalId;
    }

    public Instant addedAt() {
        return Instant.ofEpochMilli(addedAtMillis);
    }

    /** "signal type:hash", unique within a bank. */
    public String id() {
        return signalType + ":" + hash;
    }

    public boolean removed() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    public io.safetyplane.contracts.hash.v1.BankEntry toProto() {
        Builder b = io.safetyplane.contracts.hash.v1.BankEntry.newBuilder()
                .setBank(bank).setSignalType(signalType).setHash(hash).setAddedAtMillis(addedAtMillis);
        if (externalId != null) {
            b.setExternalId(externalId);
        }
        return b.build();
    }

    /**
     * Reads an entry from the topic. {@code bank} and {@code signalType} are the store's own
     * strings, shared by all entries, so that millions of entries do not each hold copies.
     */
    static BankEntry fromProto(io.safetyplane.contracts.hash.v1.BankEntry e, String bank, String signalType) {
        return new BankEntry(bank, signalType, e.getHash(), e.getExternalId().isEmpty() ? null : e.getExternalId(),
                e.getAddedAtMillis());
    }
}

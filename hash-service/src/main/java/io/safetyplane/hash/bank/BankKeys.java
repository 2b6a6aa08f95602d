package io.safetyplane.hash.bank;

/**
 * Record keys of the compacted bank-changes topic: {@code bank/<bank>} for settings and
 * {@code entry/<bank>/<signal type>/<hash>} for entries. Compaction keeps the newest value per key.
 */
public final class BankKeys {
    private static final String BANK = "bank/";
    private static final String ENTRY = "entry/";

    private BankKeys() {
    }

    public static String bank(String bank) {
        return BANK + bank;
    }

    public static String entry(String bank, String signalType, String hash) {
        return ENTRY + bank + "/" + signalType + "/" + hash;
    }

    /** The bank a key belongs to, or null for a key this service does not write. */
    public static String bankOf(String key) {
        if (key == null) {
            return null;
        }
        if (key.startsWith(BANK)) {
            String name = key.substring(BANK.length());
            return name.isEmpty() || name.contains("/") ? null : name;
        }
        if (key.startsWith(ENTRY)) {
            String[] parts = key.substring(ENTRY.length()).split("/", -1);
            return parts.length == 3 && !parts[0].isEmpty() ? parts[0] : null;
        }
        return null;
    }

    static boolean isBank(String key) {
        return key.startsWith(BANK);
    }

    /** {bank, signal type, hash} of an entry key. */
    static String[] entryParts(String key) {
        return key.substring(ENTRY.length()).split("/", -1);
    }
}

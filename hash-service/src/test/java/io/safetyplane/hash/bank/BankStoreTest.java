package io.safetyplane.hash.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.safetyplane.contracts.hash.v1.BankChange;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.hash.signal.SignalTypes;
import io.safetyplane.pdq.PdqHash;

/** The store's incremental index (base + tail, removal flags, rebuilds) against brute force. */
class BankStoreTest {
    private final BankStore store = new BankStore(SignalTypes.standard());
    private final Random random = new Random(11);

    @Test
    void matchesEqualBruteForceThroughAddsRemovesRebuildsAndThresholdChanges() throws Exception {
        putBank("b", 31);
        Map<String, String> live = new HashMap<>(); // hash -> external id
        List<String> all = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            int adds = round % 3 == 0 ? 6000 : 700; // some rounds push the tail past its limit
            for (int i = 0; i < adds; i++) {
                String h = all.isEmpty() || random.nextInt(4) > 0 ? randomPdq() : flip(all.get(random.nextInt(all.size())), random.nextInt(20));
                String id = "x" + round + "-" + i;
                store.apply(BankKeys.entry("b", "pdq", h), entry("b", h, id));
                live.put(h, id);
                all.add(h);
            }
            for (int i = 0; i < 400; i++) {
                String h = all.get(random.nextInt(all.size()));
                store.apply(BankKeys.entry("b", "pdq", h), null);
                live.remove(h);
            }
            int threshold = round == 7 ? 12 : 31;
            if (round == 7 || round == 8) {
                putBank("b", threshold);
            }
            store.publish();
            for (int q = 0; q < 60; q++) {
                String query = q % 2 == 0 ? flip(all.get(random.nextInt(all.size())), random.nextInt(threshold + 1)) : randomPdq();
                assertEquals(bruteForce(live, query, threshold), actual(query), "round " + round + " query " + q);
            }
        }
        assertEquals(live.size(), store.find("b").orElseThrow().counts().get("pdq"));
    }

    @Test
    void deletingABankForgetsItsEntries() throws Exception {
        putBank("gone", 31);
        String h = randomPdq();
        store.apply(BankKeys.entry("gone", "pdq", h), entry("gone", h, null));
        store.publish();
        assertEquals(1, store.match(List.of(query(h))).size());
        store.apply(BankKeys.bank("gone"), null);
        store.publish();
        assertEquals(0, store.match(List.of(query(h))).size());
        assertThrows(BankStore.InvalidChangeException.class,
                () -> store.apply(BankKeys.entry("gone", "pdq", h), entry("gone", h, null)));
    }

    @Test
    void malformedRecordsAreRefusedAndChangeNothing() throws Exception {
        putBank("m", 31);
        assertThrows(BankStore.InvalidChangeException.class, () -> store.apply("weird-key", new byte[] { 1 }));
        assertThrows(BankStore.InvalidChangeException.class, () -> store.apply(BankKeys.bank("m"), new byte[] { 0x0a, 0x7f }));
        assertThrows(BankStore.InvalidChangeException.class, () -> store.apply(BankKeys.entry("m", "sha1", "00"), new byte[0]));
        String h = randomPdq();
        assertThrows(BankStore.InvalidChangeException.class,
                () -> store.apply(BankKeys.entry("m", "pdq", h), entry("m", randomPdq(), null)));
        store.publish();
        assertEquals(0, store.find("m").orElseThrow().counts().get("pdq"));
    }

    private TreeSet<String> actual(String query) {
        TreeSet<String> out = new TreeSet<>();
        for (BankMatch m : store.match(List.of(query(query)))) {
            out.add(m.entry().hash() + "@" + m.distance() + "/" + m.entry().externalId());
        }
        return out;
    }

    private static TreeSet<String> bruteForce(Map<String, String> live, String query, int threshold) {
        TreeSet<String> out = new TreeSet<>();
        PdqHash q = PdqHash.fromHex(query);
        live.forEach((h, id) -> {
            int d = q.distance(PdqHash.fromHex(h));
            if (d <= threshold) {
                out.add(h + "@" + d + "/" + id);
            }
        });
        return out;
    }

    private static QuerySignal query(String hex) {
        return SignalTypes.standard().find("pdq").orElseThrow().query(hex, 100);
    }

    private void putBank(String name, int threshold) throws Exception {
        Bank bank = new Bank(name, "internal", "csam", threshold, 50, true, BankAction.BLOCK, null, Instant.EPOCH, Instant.EPOCH);
        store.apply(BankKeys.bank(name), BankChange.newBuilder().setBank(bank.toProto()).build().toByteArray());
    }

    private static byte[] entry(String bank, String hash, String externalId) {
        return BankChange.newBuilder().setEntry(new BankEntry(bank, "pdq", hash, externalId, Instant.EPOCH).toProto()).build()
                .toByteArray();
    }

    private String randomPdq() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** Flips {@code n} distinct random bits. */
    private String flip(String hex, int n) {
        char[] c = hex.toCharArray();
        TreeSet<Integer> bits = new TreeSet<>();
        while (bits.size() < n) {
            bits.add(random.nextInt(256));
        }
        for (int bit : bits) {
            int pos = bit / 4;
            c[pos] = Character.forDigit(Character.digit(c[pos], 16) ^ (1 << (bit % 4)), 16);
        }
        return new String(c);
    }
}

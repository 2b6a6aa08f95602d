package io.safetyplane.enforcement.audit;

import io.safetyplane.enforcement.audit.AuditChain.Problem;
import io.safetyplane.enforcement.audit.AuditChain.Verification;
import io.safetyplane.enforcement.audit.AuditEntry.Actor;
import io.safetyplane.enforcement.audit.AuditEntry.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditChainTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Five entries: automated and human actions of one enforcement case. */
    static List<AuditEntry> chain() {
        List<AuditEntry> log = new ArrayList<>();
        AuditEntry e = AuditChain.append(null, T0, Actor.system("ladder"), "sanction.applied",
                new Subject("account", "acct_4711"), "third strike in 30 days",
                Map.of("decisionId", "dec_1", "action", "SUSPEND", "until", "2026-03-31"));
        log.add(e);
        e = AuditChain.append(e, T0.plusSeconds(1), Actor.system("notice"), "notice.sent",
                new Subject("decision", "dec_1"), "Art. 17 statement of reasons", Map.of("channel", "webhook"));
        log.add(e);
        e = AuditChain.append(e, T0.plusSeconds(60), Actor.user("u_moderator_7", "child_safety"), "evidence.read",
                new Subject("evidence", "ev_99"), "review of appeal", Map.of());
        log.add(e);
        e = AuditChain.append(e, T0.plusSeconds(120), Actor.user("u_moderator_7", "child_safety"), "appeal.decided",
                new Subject("appeal", "ap_3"), "upheld: the classifier was right", Map.of("outcome", "upheld"));
        log.add(e);
        e = AuditChain.append(e, T0.plusSeconds(121), Actor.system("notice"), "notice.sent",
                new Subject("appeal", "ap_3"), "Art. 20(5) reasoned decision", null);
        log.add(e);
        return log;
    }

    @Test
    void anIntactChainVerifies() {
        List<AuditEntry> log = chain();
        Verification v = AuditChain.verify(log);
        assertTrue(v.intact(), v.detail());
        assertEquals(5, v.checked());
        assertNull(v.problem());
        assertEquals(AuditChain.GENESIS_PREVIOUS_HASH, log.get(0).previousHash());
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).sequence());
            if (i > 0) {
                assertEquals(log.get(i - 1).hash(), log.get(i).previousHash());
            }
        }
        assertTrue(AuditChain.verify(List.of()).intact());
    }

    @Test
    void theHashIsTheDocumentedEncoding() throws Exception {
        // Re-implements the encoding from the AuditChain Javadoc, so a change to either shows here.
        AuditEntry e = AuditChain.append(null, Instant.parse("2026-03-01T10:00:00.123456789Z"),
                Actor.user("u1", "moderator"), "sanction.applied", new Subject("account", "a1"), "why",
                Map.of("zeta", "1", "alpha", "2", "Beta", "3"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        str(b, "safetyplane.audit.v1");
        b.write(ByteBuffer.allocate(8).putLong(1).array());
        b.write(ByteBuffer.allocate(8).putLong(1772359200_123456L).array());
        str(b, "u1");
        str(b, "moderator");
        str(b, "sanction.applied");
        str(b, "account");
        str(b, "a1");
        str(b, "why");
        b.write(ByteBuffer.allocate(4).putInt(3).array());
        str(b, "Beta"); // 'B' (0x42) sorts before 'a' (0x61) by UTF-8 bytes
        str(b, "3");
        str(b, "alpha");
        str(b, "2");
        str(b, "zeta");
        str(b, "1");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[32]);
        sha.update(b.toByteArray());
        assertEquals(HexFormat.of().formatHex(sha.digest()), e.hash());
        assertEquals(Instant.parse("2026-03-01T10:00:00.123456Z"), e.time(), "time is truncated to microseconds");
    }

    private static void str(ByteArrayOutputStream out, String s) throws Exception {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.write(bytes);
    }

    static Stream<Arguments> fieldEdits() {
        return Stream.of(
                edit("time", e -> copy(e, e.sequence(), e.time().plusSeconds(1), e.actor(), e.action(), e.subject(),
                        e.reason(), e.details(), e.previousHash(), e.hash())),
                edit("actor id", e -> copy(e, e.sequence(), e.time(), Actor.user("u_someone_else", e.actor().role()),
                        e.action(), e.subject(), e.reason(), e.details(), e.previousHash(), e.hash())),
                edit("actor role", e -> copy(e, e.sequence(), e.time(), Actor.user(e.actor().id(), "admin"),
                        e.action(), e.subject(), e.reason(), e.details(), e.previousHash(), e.hash())),
                edit("action", e -> copy(e, e.sequence(), e.time(), e.actor(), "evidence.exported", e.subject(),
                        e.reason(), e.details(), e.previousHash(), e.hash())),
                edit("subject", e -> copy(e, e.sequence(), e.time(), e.actor(), e.action(),
                        new Subject("evidence", "ev_100"), e.reason(), e.details(), e.previousHash(), e.hash())),
                edit("reason", e -> copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(),
                        "routine check", e.details(), e.previousHash(), e.hash())),
                edit("detail added", e -> copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(),
                        e.reason(), Map.of("note", "x"), e.previousHash(), e.hash())));
    }

    private static Arguments edit(String name, UnaryOperator<AuditEntry> change) {
        return Arguments.of(name, change);
    }

    private static AuditEntry copy(AuditEntry ignored, long sequence, Instant time, Actor actor, String action,
            Subject subject, String reason, Map<String, String> details, String previousHash, String hash) {
        return new AuditEntry(sequence, time, actor, action, subject, reason, details, previousHash, hash);
    }

    @ParameterizedTest(name = "edited {0}")
    @MethodSource("fieldEdits")
    void anEditedFieldIsFoundAtItsEntry(String name, UnaryOperator<AuditEntry> change) {
        List<AuditEntry> log = chain();
        log.set(2, change.apply(log.get(2)));
        assertBroken(AuditChain.verify(log), 2, 3, Problem.HASH_MISMATCH);
    }

    @Test
    void anEditedDetailValueIsFound() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(0);
        Map<String, String> details = new LinkedHashMap<>(e.details());
        details.put("until", "2026-03-02");
        log.set(0, copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.reason(), details,
                e.previousHash(), e.hash()));
        assertBroken(AuditChain.verify(log), 0, 1, Problem.HASH_MISMATCH);
    }

    @Test
    void aDroppedEntryIsFound() {
        List<AuditEntry> log = chain();
        log.remove(2);
        assertBroken(AuditChain.verify(log), 2, 4, Problem.WRONG_SEQUENCE);
    }

    @Test
    void aDroppedFirstEntryIsFound() {
        List<AuditEntry> log = chain();
        log.remove(0);
        assertBroken(AuditChain.verify(log), 0, 2, Problem.WRONG_SEQUENCE);
    }

    @Test
    void twoSwappedEntriesAreFound() {
        List<AuditEntry> log = chain();
        AuditEntry second = log.get(1);
        log.set(1, log.get(2));
        log.set(2, second);
        assertBroken(AuditChain.verify(log), 1, 3, Problem.WRONG_SEQUENCE);
    }

    @Test
    void swappedEntriesWithSwappedSequenceNumbersAreStillFound() {
        List<AuditEntry> log = chain();
        AuditEntry b = log.get(1);
        AuditEntry c = log.get(2);
        log.set(1, copy(c, 2, c.time(), c.actor(), c.action(), c.subject(), c.reason(), c.details(),
                c.previousHash(), c.hash()));
        log.set(2, copy(b, 3, b.time(), b.actor(), b.action(), b.subject(), b.reason(), b.details(),
                b.previousHash(), b.hash()));
        assertBroken(AuditChain.verify(log), 1, 2, Problem.BROKEN_LINK);
    }

    @Test
    void aChangedHashIsFound() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(3);
        String forged = (e.hash().charAt(0) == '0' ? "1" : "0") + e.hash().substring(1);
        log.set(3, copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.reason(), e.details(),
                e.previousHash(), forged));
        assertBroken(AuditChain.verify(log), 3, 4, Problem.HASH_MISMATCH);
    }

    @Test
    void aChangedPreviousHashIsFound() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(3);
        log.set(3, copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.reason(), e.details(),
                log.get(1).hash(), e.hash()));
        assertBroken(AuditChain.verify(log), 3, 4, Problem.BROKEN_LINK);
    }

    @Test
    void aChangedSequenceNumberIsFound() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(4);
        log.set(4, copy(e, 6, e.time(), e.actor(), e.action(), e.subject(), e.reason(), e.details(),
                e.previousHash(), e.hash()));
        assertBroken(AuditChain.verify(log), 4, 6, Problem.WRONG_SEQUENCE);
    }

    @Test
    void aFirstEntryWithoutTheGenesisHashIsFound() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(0);
        log.set(0, copy(e, 1, e.time(), e.actor(), e.action(), e.subject(), e.reason(), e.details(),
                "f".repeat(64), e.hash()));
        assertBroken(AuditChain.verify(log), 0, 1, Problem.BROKEN_LINK);
    }

    @Test
    void aFullyRecomputedRewritePassesTheChainButNotACheckpoint() {
        List<AuditEntry> original = chain();
        String checkpoint = original.get(3).hash();
        // An attacker with write access edits entry 2 and recomputes every hash after it.
        List<AuditEntry> forged = new ArrayList<>(original.subList(0, 1));
        AuditEntry previous = original.get(0);
        for (AuditEntry e : original.subList(1, original.size())) {
            String reason = e.sequence() == 2 ? "nothing happened" : e.reason();
            previous = AuditChain.append(previous, e.time(), e.actor(), e.action(), e.subject(), reason, e.details());
            forged.add(previous);
        }
        assertTrue(AuditChain.verify(forged).intact(), "a chain alone cannot show a full rewrite");
        assertBroken(AuditChain.verify(forged, 4, checkpoint), 3, 4, Problem.CHECKPOINT_MISMATCH);
        assertTrue(AuditChain.verify(original, 4, checkpoint).intact());
    }

    @Test
    void entriesDroppedFromTheEndAreFoundOnlyWithACheckpoint() {
        List<AuditEntry> log = chain();
        String lastHash = log.get(4).hash();
        log.remove(4);
        assertTrue(AuditChain.verify(log).intact(), "a chain alone cannot show truncation");
        assertBroken(AuditChain.verify(log, 5, lastHash), 4, 5, Problem.CHECKPOINT_MISMATCH);
    }

    @Test
    void aNullEntryIsReported() {
        List<AuditEntry> log = chain();
        log.set(1, null);
        assertBroken(AuditChain.verify(log), 1, 2, Problem.MISSING_ENTRY);
    }

    @Test
    void theEncodingIsUnambiguous() {
        Subject s = new Subject("account", "a1");
        AuditEntry a = AuditChain.append(null, T0, Actor.user("ab", "cd"), "x.y", s, "r", Map.of());
        AuditEntry b = AuditChain.append(null, T0, Actor.user("abc", "d"), "x.y", s, "r", Map.of());
        assertNotEquals(a.hash(), b.hash(), "moving characters between fields must change the hash");
        AuditEntry c = AuditChain.append(null, T0, Actor.user("u", "r"), "x.y", s, "r", Map.of("a", "bc"));
        AuditEntry d = AuditChain.append(null, T0, Actor.user("u", "r"), "x.y", s, "r", Map.of("ab", "c"));
        assertNotEquals(c.hash(), d.hash(), "moving characters between a detail key and value must change the hash");
    }

    @Test
    void detailInsertionOrderDoesNotMatter() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("b", "2");
        one.put("a", "1");
        Map<String, String> two = new LinkedHashMap<>();
        two.put("a", "1");
        two.put("b", "2");
        Subject s = new Subject("account", "a1");
        AuditEntry x = AuditChain.append(null, T0, Actor.system("ladder"), "x.y", s, "r", one);
        AuditEntry y = AuditChain.append(null, T0, Actor.system("ladder"), "x.y", s, "r", two);
        assertEquals(x.hash(), y.hash());
        assertEquals(List.of("a", "b"), List.copyOf(x.details().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> x.details().put("c", "3"));
    }

    @Test
    void appendRefusesToExtendADamagedEntry() {
        List<AuditEntry> log = chain();
        AuditEntry e = log.get(4);
        AuditEntry damaged = copy(e, e.sequence(), e.time(), e.actor(), e.action(), e.subject(), "edited",
                e.details(), e.previousHash(), e.hash());
        assertThrows(IllegalStateException.class, () -> AuditChain.append(damaged, T0.plusSeconds(200),
                Actor.system("ladder"), "sanction.expired", new Subject("account", "acct_4711"), "expiry", null));
    }

    @Test
    void entriesAndActorsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Actor.user("system:ladder", "moderator"));
        assertThrows(IllegalArgumentException.class, () -> Actor.user("u1", "system"));
        assertTrue(Actor.system("ladder").isSystem());
        assertFalse(Actor.user("u1", "moderator").isSystem());
        assertEquals("system:ladder", Actor.system("ladder").id());
        Subject s = new Subject("account", "a1");
        assertThrows(IllegalArgumentException.class,
                () -> AuditChain.append(null, T0, Actor.system("x"), "Sanction Applied", s, "r", null));
        assertThrows(IllegalArgumentException.class,
                () -> AuditChain.append(null, T0, Actor.system("x"), "sanction.applied", s, " ", null));
        assertThrows(IllegalArgumentException.class,
                () -> AuditChain.append(null, null, Actor.system("x"), "sanction.applied", s, "r", null));
        assertThrows(IllegalArgumentException.class,
                () -> AuditChain.append(null, T0, Actor.system("x"), "sanction.applied", s, "bad \uD800 text", null));
    }

    private static void assertBroken(Verification v, int index, long sequence, Problem problem) {
        assertFalse(v.intact(), "expected a broken chain");
        assertEquals(problem, v.problem(), v.detail());
        assertEquals(index, v.index(), v.detail());
        assertEquals(sequence, v.sequence(), v.detail());
        assertTrue(v.detail().contains("position " + index), v.detail());
    }
}

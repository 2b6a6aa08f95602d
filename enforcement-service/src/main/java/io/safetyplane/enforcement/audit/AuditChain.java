package io.safetyplane.enforcement.audit;

import io.safetyplane.enforcement.audit.AuditEntry.Actor;
import io.safetyplane.enforcement.audit.AuditEntry.Subject;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The audit log as a hash chain. Each entry's hash covers the previous entry's hash and the entry itself, so changing,
 * removing, inserting or reordering an entry breaks the chain from that point on, and {@link #verify} finds it.
 *
 * <h2>Hash</h2>
 * {@code hash = lower-case hex( SHA-256( previousHashBytes || canonical(entry) ) )}. {@code previousHashBytes} is the
 * 32 raw bytes of the previous entry's hash. For the first entry it is 32 zero bytes ({@link #GENESIS_PREVIOUS_HASH}).
 *
 * <h2>Canonical encoding, version 1</h2>
 * <pre>
 * canonical(e) = str("safetyplane.audit.v1")
 *                u64(e.sequence)
 *                i64(e.time as microseconds since 1970-01-01T00:00:00Z)
 *                str(e.actor.id)  str(e.actor.role)
 *                str(e.action)
 *                str(e.subject.type)  str(e.subject.id)
 *                str(e.reason)
 *                u32(number of details)
 *                for each detail, in ascending order of the key's UTF-8 bytes compared as unsigned:
 *                    str(key)  str(value)
 *
 * str(s) = u32(byte length of UTF-8(s)) || UTF-8(s)
 * u32, u64, i64 = big-endian, two's complement for i64
 * </pre>
 * Every variable-length field carries its length, so no two different entries encode to the same bytes. Strings must
 * be valid Unicode: an unpaired surrogate is refused rather than replaced. The version tag lets a later encoding live
 * beside this one. {@link #append} truncates the time to microseconds, the precision of a PostgreSQL {@code
 * timestamptz}, so an entry read back from the database hashes the same.
 *
 * <h2>What the chain can and cannot show</h2>
 * Anyone who can rewrite the log can also recompute every hash after the entry they changed, and can drop entries
 * from the end. A chain alone cannot show either. Record checkpoints (a sequence number and its hash) outside the
 * log, for example in the transparency report, with the auditor or in write-once storage, and verify against them
 * with {@link #verify(List, long, String)}.
 */
public final class AuditChain {

    /** Encoding version tag, the first field of the canonical bytes. */
    public static final String VERSION = "safetyplane.audit.v1";

    /** The previous hash of the first entry: 32 zero bytes, in hex. */
    public static final String GENESIS_PREVIOUS_HASH = "0".repeat(64);

    /** Orders strings by their UTF-8 bytes compared as unsigned, the order of the detail keys. */
    public static final Comparator<String> UTF8_ORDER = AuditChain::compareUtf8;

    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /**
     * Creates the entry that follows {@code previousOrNull}. Its sequence is one more than the previous entry's, or 1
     * for the first entry. Its previous hash is the previous entry's hash, or {@link #GENESIS_PREVIOUS_HASH}.
     *
     * @throws IllegalStateException if {@code previousOrNull} does not match its own hash: appending to a damaged
     *         chain would hide the damage
     * @throws IllegalArgumentException if a field is missing or malformed (see {@link AuditEntry})
     */
    public static AuditEntry append(AuditEntry previousOrNull, Instant time, Actor actor, String action,
            Subject subject, String reason, Map<String, String> details) {
        long sequence = 1;
        String previousHash = GENESIS_PREVIOUS_HASH;
        if (previousOrNull != null) {
            if (!computeHash(previousOrNull).equals(previousOrNull.hash())) {
                throw new IllegalStateException("entry " + previousOrNull.sequence()
                        + " does not match its hash; verify the chain before appending");
            }
            sequence = Math.addExact(previousOrNull.sequence(), 1);
            previousHash = previousOrNull.hash();
        }
        Instant truncated = time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
        // The draft validates and normalises the fields; its hash is a placeholder.
        AuditEntry draft = new AuditEntry(sequence, truncated, actor, action, subject, reason, details, previousHash,
                GENESIS_PREVIOUS_HASH);
        return new AuditEntry(sequence, truncated, actor, action, subject, reason, draft.details(), previousHash,
                computeHash(draft));
    }

    /** The hash an entry should have: SHA-256 of its previous hash's bytes and its canonical bytes, in hex. */
    public static String computeHash(AuditEntry entry) {
        MessageDigest sha256 = sha256();
        sha256.update(HEX.parseHex(entry.previousHash()));
        sha256.update(canonicalBytes(entry));
        return HEX.formatHex(sha256.digest());
    }

    /** The canonical encoding of an entry (see the class documentation). The hashes are not part of it. */
    public static byte[] canonicalBytes(AuditEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        str(out, VERSION);
        out.writeBytes(ByteBuffer.allocate(8).putLong(e.sequence()).array());
        long micros = Math.addExact(Math.multiplyExact(e.time().getEpochSecond(), 1_000_000L),
                e.time().getNano() / 1_000L);
        out.writeBytes(ByteBuffer.allocate(8).putLong(micros).array());
        str(out, e.actor().id());
        str(out, e.actor().role());
        str(out, e.action());
        str(out, e.subject().type());
        str(out, e.subject().id());
        str(out, e.reason());
        List<Map.Entry<String, String>> details = e.details().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(UTF8_ORDER)).toList();
        u32(out, details.size());
        for (Map.Entry<String, String> d : details) {
            str(out, d.getKey());
            str(out, d.getValue());
        }
        return out.toByteArray();
    }

    /** Verifies the chain from its first entry. Same as {@link #verify(List, long, String)} without a checkpoint. */
    public static Verification verify(List<AuditEntry> entries) {
        return verify(entries, 0, null);
    }

    /**
     * Verifies the chain and finds the first place where it is broken. The list must start at the first entry of
     * the log (sequence 1) and be in log order. For each entry, in order, it checks:
     * <ol>
     *   <li>{@link Problem#WRONG_SEQUENCE}: the sequence is its position plus one. This catches a removed, inserted or
     *       reordered entry, or a changed sequence number.</li>
     *   <li>{@link Problem#BROKEN_LINK}: the previous hash is the hash of the entry before, or the genesis hash for
     *       the first entry.</li>
     *   <li>{@link Problem#HASH_MISMATCH}: the hash recomputed from the entry's fields is its stored hash. This
     *       catches a changed field or a changed hash.</li>
     * </ol>
     * When a checkpoint is given ({@code checkpointHash} not null), the entry with sequence {@code
     * checkpointSequence} must exist and carry that hash ({@link Problem#CHECKPOINT_MISMATCH}). This catches a
     * rewritten chain whose hashes were all recomputed, and entries dropped from the end.
     */
    public static Verification verify(List<AuditEntry> entries, long checkpointSequence, String checkpointHash) {
        if (entries == null) {
            throw new IllegalArgumentException("entries: required");
        }
        String expectedPrevious = GENESIS_PREVIOUS_HASH;
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            long expectedSequence = i + 1L;
            if (e == null) {
                return Verification.broken(i, expectedSequence, Problem.MISSING_ENTRY, "the list holds null");
            }
            if (e.sequence() != expectedSequence) {
                return Verification.broken(i, e.sequence(), Problem.WRONG_SEQUENCE, "expected sequence "
                        + expectedSequence + " but found " + e.sequence()
                        + ": an entry was removed, inserted or reordered, or its number was changed");
            }
            if (!e.previousHash().equals(expectedPrevious)) {
                return Verification.broken(i, e.sequence(), Problem.BROKEN_LINK, i == 0
                        ? "the first entry's previous hash is not the genesis hash"
                        : "previous hash does not match the hash of entry " + (e.sequence() - 1));
            }
            String recomputed = computeHash(e);
            if (!recomputed.equals(e.hash())) {
                return Verification.broken(i, e.sequence(), Problem.HASH_MISMATCH,
                        "stored hash " + e.hash() + " but the fields hash to " + recomputed
                                + ": a field or the hash was changed");
            }
            if (checkpointHash != null && e.sequence() == checkpointSequence && !e.hash().equals(checkpointHash)) {
                return Verification.broken(i, e.sequence(), Problem.CHECKPOINT_MISMATCH,
                        "hash differs from the checkpoint: the chain was rewritten from here or earlier");
            }
            expectedPrevious = e.hash();
        }
        if (checkpointHash != null && checkpointSequence > entries.size()) {
            return Verification.broken(entries.size(), checkpointSequence, Problem.CHECKPOINT_MISMATCH,
                    "the chain ends at sequence " + entries.size() + ", before checkpoint " + checkpointSequence
                            + ": entries were removed from the end");
        }
        return Verification.intact(entries.size());
    }

    /** Why a chain is broken. */
    public enum Problem {
        /** The list holds {@code null} where an entry should be. */
        MISSING_ENTRY,
        /** The sequence number is not the entry's position: removed, inserted or reordered entries. */
        WRONG_SEQUENCE,
        /** The previous hash does not match the entry before. */
        BROKEN_LINK,
        /** The entry's fields do not hash to its stored hash. */
        HASH_MISMATCH,
        /** The chain disagrees with a checkpoint kept outside it, or ends before it. */
        CHECKPOINT_MISMATCH
    }

    /**
     * The result of {@link #verify}.
     *
     * @param intact whether every check passed
     * @param checked how many entries were checked and found intact before the first problem, or all of them
     * @param index position in the list of the first broken entry, or -1 when intact. It equals the list size when
     *        entries are missing at the end.
     * @param sequence the sequence number found at that position, or the checkpoint sequence when entries are missing
     *        at the end. -1 when intact.
     * @param problem why the chain is broken, or {@code null} when intact
     * @param detail an explanation for people
     */
    public record Verification(boolean intact, int checked, int index, long sequence, Problem problem,
            String detail) {

        static Verification intact(int checked) {
            return new Verification(true, checked, -1, -1, null, "intact: " + checked + " entries");
        }

        static Verification broken(int index, long sequence, Problem problem, String detail) {
            return new Verification(false, index, index, sequence, problem,
                    "entry at position " + index + " (sequence " + sequence + "): " + detail);
        }
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] bytes = utf8(s);
        u32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void u32(ByteArrayOutputStream out, int n) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
    }

    /** Strict UTF-8: an unpaired surrogate is an error, not a replacement character. */
    /**
     * UTF-8 byte order is code point order, which for strings without surrogates is the order of their chars; only
     * strings with surrogates are encoded to compare (and an unpaired one is refused, as in the canonical encoding).
     */
    private static int compareUtf8(String a, String b) {
        return hasSurrogate(a) || hasSurrogate(b) ? Arrays.compareUnsigned(utf8(a), utf8(b)) : a.compareTo(b);
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = encoder.encode(CharBuffer.wrap(s));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("audit text must be valid Unicode (unpaired surrogate?)", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

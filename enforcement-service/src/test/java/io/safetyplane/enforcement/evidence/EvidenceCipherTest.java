package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.enforcement.evidence.EvidenceCryptoException.Reason;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EvidenceCipherTest {

    static final String KEK_2024 = Base64.getEncoder().encodeToString(filled(32, 0x11));
    static final String KEK_2025 = Base64.getEncoder().encodeToString(filled(32, 0x22));

    private final LocalKeyEncryptionKeys keks = new LocalKeyEncryptionKeys("kek-2024", Map.of("kek-2024", KEK_2024));
    private final EvidenceCipher cipher = new EvidenceCipher(keks);
    private final byte[] evidence = "the bytes that matched".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        SealedEvidence sealed = cipher.seal("ev-1", "image/jpeg", evidence);

        assertArrayEquals(evidence, cipher.open("ev-1", "image/jpeg", sealed));
        assertEquals("kek-2024", sealed.wrappedKey().kekId());
        assertEquals(12, sealed.nonce().length);
        assertEquals(evidence.length + 16, sealed.ciphertext().length);
        assertArrayEquals(new byte[0], cipher.open("ev-2", "image/png", cipher.seal("ev-2", "image/png", new byte[0])));
    }

    @Test
    void eachSealHasItsOwnDataKeyAndNonce() {
        SealedEvidence a = cipher.seal("ev-1", "image/jpeg", evidence);
        SealedEvidence b = cipher.seal("ev-1", "image/jpeg", evidence);

        assertFalse(a.wrappedKey().equals(b.wrappedKey()));
        assertFalse(Arrays.equals(a.nonce(), b.nonce()));
        assertFalse(Arrays.equals(a.ciphertext(), b.ciphertext()));
    }

    @Test
    void anotherRecordIdOrContentTypeDoesNotOpen() {
        SealedEvidence sealed = cipher.seal("ev-1", "image/jpeg", evidence);

        assertTampered(() -> cipher.open("ev-2", "image/jpeg", sealed));
        assertTampered(() -> cipher.open("ev-1", "image/png", sealed));
        // the length prefixes keep ("ev-1", "image/jpeg") apart from a pair with the same concatenation
        SealedEvidence shifted = cipher.seal("ev-1i", "mage/jpeg", evidence);
        assertTampered(() -> cipher.open("ev-1", "image/jpeg", shifted));
    }

    @Test
    void aFlippedBitAnywhereIsTampering() {
        SealedEvidence sealed = cipher.seal("ev-1", "image/jpeg", evidence);
        byte[] ciphertext = sealed.ciphertext();
        byte[] nonce = sealed.nonce();
        byte[] wrapped = sealed.wrappedKey().bytes();

        for (int i = 0; i < ciphertext.length; i++) {
            SealedEvidence altered = new SealedEvidence(sealed.wrappedKey(), nonce, flip(ciphertext, i));
            assertTampered(() -> cipher.open("ev-1", "image/jpeg", altered));
        }
        for (int i = 0; i < nonce.length; i++) {
            SealedEvidence altered = new SealedEvidence(sealed.wrappedKey(), flip(nonce, i), ciphertext);
            assertTampered(() -> cipher.open("ev-1", "image/jpeg", altered));
        }
        for (int i = 0; i < wrapped.length; i++) {
            SealedEvidence altered =
                    new SealedEvidence(new WrappedKey("kek-2024", flip(wrapped, i)), nonce, ciphertext);
            assertTampered(() -> cipher.open("ev-1", "image/jpeg", altered));
        }
    }

    @Test
    void aWrappedKeyFromAnotherRecordDoesNotOpen() {
        SealedEvidence one = cipher.seal("ev-1", "image/jpeg", evidence);
        SealedEvidence two = cipher.seal("ev-2", "image/jpeg", evidence);

        SealedEvidence mixed = new SealedEvidence(two.wrappedKey(), one.nonce(), one.ciphertext());
        assertTampered(() -> cipher.open("ev-1", "image/jpeg", mixed));
    }

    @Test
    void structurallyWrongEnvelopesAreMalformed() {
        SealedEvidence sealed = cipher.seal("ev-1", "image/jpeg", evidence);

        EvidenceCryptoException shortNonce = assertThrows(EvidenceCryptoException.class, () -> cipher.open("ev-1",
                "image/jpeg", new SealedEvidence(sealed.wrappedKey(), new byte[8], sealed.ciphertext())));
        assertEquals(Reason.MALFORMED, shortNonce.reason());
        EvidenceCryptoException noTag = assertThrows(EvidenceCryptoException.class, () -> cipher.open("ev-1",
                "image/jpeg", new SealedEvidence(sealed.wrappedKey(), sealed.nonce(), new byte[15])));
        assertEquals(Reason.MALFORMED, noTag.reason());
    }

    @Test
    void rotationWrapsUnderTheNewKekAndUnwrapsUnderBoth() {
        SealedEvidence before = cipher.seal("ev-1", "image/jpeg", evidence);

        EvidenceCipher rotated = new EvidenceCipher(new LocalKeyEncryptionKeys("kek-2025",
                Map.of("kek-2024", KEK_2024, "kek-2025", KEK_2025)));
        SealedEvidence after = rotated.seal("ev-2", "image/jpeg", evidence);

        assertEquals("kek-2025", after.wrappedKey().kekId());
        assertArrayEquals(evidence, rotated.open("ev-1", "image/jpeg", before));
        assertArrayEquals(evidence, rotated.open("ev-2", "image/jpeg", after));

        EvidenceCipher retired = new EvidenceCipher(new LocalKeyEncryptionKeys("kek-2025", Map.of("kek-2025", KEK_2025)));
        EvidenceCryptoException e = assertThrows(EvidenceCryptoException.class,
                () -> retired.open("ev-1", "image/jpeg", before));
        assertEquals(Reason.UNKNOWN_KEK, e.reason());
        assertTrue(e.getMessage().contains("'kek-2024'") && e.getMessage().contains("[kek-2025]"), e.getMessage());
    }

    @Test
    void aWrappedKeyRelabelledWithAnotherKekIdIsTampering() {
        LocalKeyEncryptionKeys both = new LocalKeyEncryptionKeys("kek-2024",
                Map.of("kek-2024", KEK_2024, "kek-2025", KEK_2025));
        EvidenceCipher c = new EvidenceCipher(both);
        SealedEvidence sealed = c.seal("ev-1", "image/jpeg", evidence);

        SealedEvidence relabelled = new SealedEvidence(new WrappedKey("kek-2025", sealed.wrappedKey().bytes()),
                sealed.nonce(), sealed.ciphertext());
        assertTampered(() -> c.open("ev-1", "image/jpeg", relabelled));
    }

    @Test
    void dataKeysAreZeroedAfterUse() {
        RecordingKeks recording = new RecordingKeks(keks);
        EvidenceCipher c = new EvidenceCipher(recording);

        SealedEvidence sealed = c.seal("ev-1", "image/jpeg", evidence);
        assertArrayEquals(evidence, c.open("ev-1", "image/jpeg", sealed));
        assertThrows(EvidenceCryptoException.class, () -> c.open("ev-2", "image/jpeg", sealed));

        assertEquals(3, recording.seen.size());
        for (byte[] key : recording.seen) {
            assertArrayEquals(new byte[32], key);
        }
    }

    @Test
    void blankRecordIdOrContentTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> cipher.seal(" ", "image/jpeg", evidence));
        assertThrows(IllegalArgumentException.class, () -> cipher.seal("ev-1", null, evidence));
    }

    /** Keeps the very arrays handed to wrap and returned by unwrap, to see that the cipher zeroes them. */
    private static final class RecordingKeks implements KeyEncryptionKeys {
        final List<byte[]> seen = new ArrayList<>();
        final KeyEncryptionKeys delegate;

        RecordingKeks(KeyEncryptionKeys delegate) {
            this.delegate = delegate;
        }

        @Override
        public WrappedKey wrap(byte[] dataKey) {
            seen.add(dataKey);
            return delegate.wrap(dataKey);
        }

        @Override
        public byte[] unwrap(WrappedKey wrapped) {
            byte[] key = delegate.unwrap(wrapped);
            seen.add(key);
            return key;
        }
    }

    private static void assertTampered(Executable open) {
        assertEquals(Reason.TAMPERED, assertThrows(EvidenceCryptoException.class, open).reason());
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] flip(byte[] b, int index) {
        byte[] c = b.clone();
        c[index] ^= 1;
        return c;
    }
}

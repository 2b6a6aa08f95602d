package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LocalKeyEncryptionKeysTest {

    private static final String KEY = EvidenceCipherTest.KEK_2024;

    @Test
    void wrapsUnderTheActiveKekAndUnwrapsUnderAny() {
        LocalKeyEncryptionKeys keks = new LocalKeyEncryptionKeys("b",
                Map.of("a", KEY, "b", EvidenceCipherTest.KEK_2025 + "\n"));
        byte[] dataKey = EvidenceCipherTest.filled(32, 7);

        WrappedKey wrapped = keks.wrap(dataKey);

        assertEquals("b", wrapped.kekId());
        assertEquals(40, wrapped.bytes().length);
        assertArrayEquals(dataKey, keks.unwrap(wrapped));
        assertEquals(Set.of("a", "b"), keks.kekIds());
        assertFalse(keks.toString().contains(KEY));
    }

    @Test
    void noKeksAtAll() {
        assertMessage("no evidence key-encryption key is configured", () -> new LocalKeyEncryptionKeys("a", Map.of()));
        assertMessage("no evidence key-encryption key is configured", () -> new LocalKeyEncryptionKeys("a", null));
    }

    @Test
    void activeKekMissingOrUnknown() {
        assertMessage("no active evidence key-encryption key is set; configured KEKs: [a]",
                () -> new LocalKeyEncryptionKeys(" ", Map.of("a", KEY)));
        assertMessage("the active evidence key-encryption key 'c' is not configured; configured KEKs: [a, b]",
                () -> new LocalKeyEncryptionKeys("c", Map.of("a", KEY, "b", KEY)));
    }

    @Test
    void emptyShortOrMalformedKeys() {
        assertMessage("evidence key-encryption key 'a' is empty", () -> new LocalKeyEncryptionKeys("a", Map.of("a", "")));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a", null);
        assertMessage("evidence key-encryption key 'a' is empty", () -> new LocalKeyEncryptionKeys("a", nullValue));
        String aes128 = Base64.getEncoder().encodeToString(new byte[16]);
        assertMessage("evidence key-encryption key 'a' has 16 bytes; an AES-256 key has 32",
                () -> new LocalKeyEncryptionKeys("a", Map.of("a", aes128)));
        assertMessage("evidence key-encryption key 'a' is not valid base64 (standard alphabet, e.g. the output of "
                + "openssl rand -base64 32)", () -> new LocalKeyEncryptionKeys("a", Map.of("a", "not*base64!")));
    }

    @Test
    void invalidKekIds() {
        assertMessage("evidence key-encryption key id 'kek 1' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ -",
                () -> new LocalKeyEncryptionKeys("kek 1", Map.of("kek 1", KEY)));
        assertMessage("evidence key-encryption key id '' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ -",
                () -> new LocalKeyEncryptionKeys("", Map.of("", KEY)));
    }

    private static void assertMessage(String expected, Executable configure) {
        assertEquals(expected, assertThrows(KeyConfigurationException.class, configure).getMessage());
    }
}

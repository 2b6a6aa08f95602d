package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceRecordTest {

    private final EvidenceCipher cipher = new EvidenceCipher(
            new LocalKeyEncryptionKeys("kek-2024", Map.of("kek-2024", EvidenceCipherTest.KEK_2024)));
    private final byte[] bytes = {1, 2, 3, 4};
    private final EvidenceRecord record =
            EvidenceRecord.preserve("ev-1", "image/png", bytes, PreservationTest.DETECTED, cipher);

    @Test
    void preservedEvidenceOpensWhileReadable() {
        EvidenceRecord filed = record.with(record.preservation().reportFiled(PreservationTest.FILED));

        assertArrayEquals(bytes, filed.open(cipher));
        assertEquals(Preservation.Status.PRESERVED, filed.preservation().status(PreservationTest.FILED));
    }

    @Test
    void destroyingDeletesCiphertextAndWrappedKey() {
        EvidenceRecord destroyed = record.destroy(PreservationTest.LE_REQUEST);

        assertNull(destroyed.sealed());
        assertEquals(PreservationTest.LE_REQUEST, destroyed.preservation().destruction());
        PreservationException e = assertThrows(PreservationException.class, () -> destroyed.open(cipher));
        assertEquals(PreservationException.Reason.GONE, e.reason());
    }

    @Test
    void purgingDeletesTheBytesOnlyAfterExpiry() {
        EvidenceRecord filed = record.with(record.preservation().reportFiled(PreservationTest.FILED));

        assertThrows(PreservationException.class, () -> filed.purge(PreservationTest.FILED));
        assertNull(filed.purge(PreservationTest.YEAR_END).sealed());
    }

    @Test
    void bytesAndStateAgree() {
        Preservation destroyed = record.preservation().destroy(PreservationTest.LE_REQUEST);

        assertThrows(IllegalArgumentException.class, () -> record.with(destroyed));
        assertThrows(IllegalArgumentException.class,
                () -> new EvidenceRecord("ev-1", "image/png", destroyed, record.sealed()));
        assertThrows(IllegalArgumentException.class,
                () -> new EvidenceRecord("ev-1", "image/png", record.preservation(), null));
    }
}

package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.safetyplane.enforcement.model.EvidenceEntity;

/** The row and the preservation value say the same, whatever the state, and purge_after follows it. */
class EvidenceMappingTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final EvidenceCipher cipher = new EvidenceCipher(new LocalKeyEncryptionKeys("k",
            Map.of("k", java.util.Base64.getEncoder().encodeToString(new byte[32]))));

    private EvidenceEntity entity() {
        EvidenceEntity e = new EvidenceEntity();
        e.id = UUID.randomUUID();
        EvidenceMapping.store(EvidenceRecord.preserve(e.id.toString(), "image/png", new byte[] {1, 2, 3}, T0, cipher), e);
        return e;
    }

    @Test
    void everyPartOfThePreservationSurvivesTheRow() {
        EvidenceEntity e = entity();
        assertNull(e.purgeAfter);
        Preservation p = EvidenceMapping.preservation(e)
                .placeHold(LegalHold.until("A", "officer", T0.plusSeconds(10), T0.plusSeconds(86400 * 500L)))
                .placeHold(LegalHold.untilLifted("B", "officer", T0.plusSeconds(20)))
                .reportFiled(T0.plusSeconds(30))
                .liftHold("B", "admin", T0.plusSeconds(40));
        EvidenceMapping.store(p, e);
        assertEquals(p, EvidenceMapping.preservation(e));
        assertEquals(T0.plusSeconds(86400 * 500L), e.purgeAfter);

        Preservation destroyed = p.liftHold("A", "admin", T0.plusSeconds(50))
                .destroy(new Destruction("FBI", "REQ-1", T0.plusSeconds(60), "officer", T0.plusSeconds(70)));
        EvidenceMapping.store(destroyed, e);
        assertEquals(destroyed, EvidenceMapping.preservation(e));
        assertNull(e.ciphertext);
        assertNull(e.wrappedKey);
        assertNull(e.purgeAfter);
        assertEquals(destroyed, EvidenceMapping.record(e).preservation());
    }

    @Test
    void aDismissalMakesItPurgeableAtOnceAndTheBytesStillOpen() {
        EvidenceEntity e = entity();
        Preservation dismissed = EvidenceMapping.preservation(e).dismiss(new Dismissal("reviewer", T0.plusSeconds(5), "false match"));
        EvidenceMapping.store(dismissed, e);
        assertEquals(T0.plusSeconds(5), e.purgeAfter);
        assertEquals(dismissed, EvidenceMapping.preservation(e));
        assertNotNull(e.ciphertext);
        assertEquals(3, EvidenceMapping.record(e).open(cipher).length);
    }
}

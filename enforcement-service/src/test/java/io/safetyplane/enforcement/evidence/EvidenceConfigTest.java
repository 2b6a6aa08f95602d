package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/** The vault's settings refuse to start with a clear message, never with key material; outages read as outages. */
class EvidenceConfigTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theKeysFromConfiguration() {
        assertEquals("k1", EvidenceBeans.localKeys(Optional.of("k1"), Map.of("k1", KEY, "k0", KEY)).activeKekId());
    }

    @Test
    void aMissingOrUnusableKekStopsTheStartNamingTheSettings() {
        KeyConfigurationException none = assertThrows(KeyConfigurationException.class, () -> EvidenceBeans.localKeys(Optional.empty(), Map.of()));
        assertTrue(none.getMessage().contains("enforcement-service.evidence.kek.active"), none.getMessage());
        assertTrue(none.getMessage().contains("enforcement-service.evidence.kek.keys.<id>"), none.getMessage());

        KeyConfigurationException noActive = assertThrows(KeyConfigurationException.class,
                () -> EvidenceBeans.localKeys(Optional.empty(), Map.of("k1", KEY)));
        assertTrue(noActive.getMessage().contains("no active"), noActive.getMessage());

        KeyConfigurationException other = assertThrows(KeyConfigurationException.class,
                () -> EvidenceBeans.localKeys(Optional.of("k2"), Map.of("k1", KEY)));
        assertTrue(other.getMessage().contains("'k2'"), other.getMessage());

        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
        KeyConfigurationException tooShort = assertThrows(KeyConfigurationException.class,
                () -> EvidenceBeans.localKeys(Optional.of("k1"), Map.of("k1", shortKey)));
        assertTrue(tooShort.getMessage().contains("16 bytes"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains(shortKey), "no key material in the message");
    }

    @Test
    void theGrpcMessageLimitMustLeaveRoomForTheLargestFile() {
        EvidenceBeans.checkLimits(20L << 20, Optional.of(22020096));
        IllegalStateException small = assertThrows(IllegalStateException.class, () -> EvidenceBeans.checkLimits(20L << 20, Optional.empty()));
        assertTrue(small.getMessage().contains("quarkus.grpc.server.max-inbound-message-size=262144"), small.getMessage());
        assertThrows(IllegalStateException.class, () -> EvidenceBeans.checkLimits(20L << 20, Optional.of(20 << 20)));
        assertThrows(IllegalStateException.class, () -> EvidenceBeans.checkLimits(0, Optional.of(22020096)));
    }

    @Test
    void anUnreachableDatabaseIsAnOutageAndAJsonErrorIsNot() {
        assertTrue(DatabaseFailures.isUnavailable(new CompletionException(new ConnectException("Connection refused"))));
        assertFalse(DatabaseFailures.isUnavailable(new CompletionException(new java.io.IOException("Failed to decode"))));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("boom")));
    }
}

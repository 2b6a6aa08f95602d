package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningAlgTest {
    @Test
    void coseIds() {
        for (SigningAlg alg : SigningAlg.values()) {
            assertEquals(Optional.of(alg), SigningAlg.ofCoseId(alg.coseId()));
        }
        assertEquals(-7, SigningAlg.ES256.coseId());
        assertEquals(-8, SigningAlg.ED25519.coseId());
        assertEquals(-37, SigningAlg.PS256.coseId());
        assertTrue(SigningAlg.ofCoseId(-257).isEmpty());
        assertTrue(SigningAlg.PS256.jcaParams().isPresent());
    }

    @Test
    void forKey() throws Exception {
        assertEquals(SigningAlg.ES256, SigningAlg.forKey(DevPki.generate(DevPki.KeyAlgorithm.EC_P256).getPrivate()));
        assertEquals(SigningAlg.ES384, SigningAlg.forKey(DevPki.generate(DevPki.KeyAlgorithm.EC_P384).getPrivate()));
        assertEquals(SigningAlg.ES512, SigningAlg.forKey(DevPki.generate(DevPki.KeyAlgorithm.EC_P521).getPrivate()));
        assertEquals(SigningAlg.PS256, SigningAlg.forKey(DevPki.generate(DevPki.KeyAlgorithm.RSA_2048).getPrivate()));
        assertEquals(SigningAlg.ED25519, SigningAlg.forKey(DevPki.generate(DevPki.KeyAlgorithm.ED25519).getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> SigningAlg.forKey(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> SigningAlg.forKey(KeyPairGenerator.getInstance("DSA").generateKeyPair().getPrivate()));
    }
}

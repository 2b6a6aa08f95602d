package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevPkiTest {
    @Test
    void certificatesHaveTheC2paProfile() throws Exception {
        DevPki pki = DevPki.create("Example Org", Duration.ofDays(90), Clock.systemUTC());
        X509Certificate root = pki.root();
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        assertTrue(root.getBasicConstraints() >= 0);
        assertTrue(root.getKeyUsage()[5], "root keyCertSign");
        assertEquals(0, pki.intermediate().getBasicConstraints());

        X509Certificate leaf = pki.leaf();
        assertTrue(leaf.getPublicKey() instanceof ECPublicKey);
        assertEquals(-1, leaf.getBasicConstraints());
        assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.15"), "KeyUsage critical");
        assertTrue(leaf.getKeyUsage()[0]);
        assertTrue(leaf.getExtendedKeyUsage().containsAll(List.of(DevPki.EKU_C2PA_CLAIM_SIGNING,
                DevPki.EKU_EMAIL_PROTECTION, DevPki.EKU_DOCUMENT_SIGNING)));
        assertNotNull(leaf.getExtensionValue("2.5.29.35"), "AKI");
        assertNotNull(leaf.getExtensionValue("2.5.29.14"), "SKI");
        String subject = leaf.getSubjectX500Principal().getName();
        assertTrue(subject.contains("C=") && subject.contains("O=Example Org") && subject.contains("CN="), subject);
        long days = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 90 && days <= 91, "leaf validity " + days);
        leaf.verify(pki.intermediate().getPublicKey());

        X509Certificate tsa = pki.tsaCertificate();
        assertTrue(tsa.getCriticalExtensionOIDs().contains("2.5.29.37"), "TSA EKU critical");
        assertEquals(List.of("1.3.6.1.5.5.7.3.8"), tsa.getExtendedKeyUsage());
        tsa.verify(pki.intermediate().getPublicKey());
        assertEquals(List.of(tsa, pki.intermediate()), pki.timestampAuthority().chain());
    }
}

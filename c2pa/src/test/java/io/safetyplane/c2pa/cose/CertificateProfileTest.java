package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateProfileTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static DevPki pki;

    @BeforeAll
    static void pki() {
        pki = DevPki.create("Profile Test", Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void assertOneProblem(X509Certificate cert, String expected) {
        List<String> problems = CertificateProfile.problems(cert, NOW);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), () -> expected + " not in " + problems);
    }

    @Test
    void acceptsTheDevPkiLeaf() {
        assertEquals(List.of(), CertificateProfile.problems(pki.leaf(), NOW));
    }

    @Test
    void acceptsOtherKeyTypes() {
        for (DevPki.KeyAlgorithm algorithm : DevPki.KeyAlgorithm.values()) {
            X509Certificate leaf = pki.leafBuilder().keyAlgorithm(algorithm).build().leaf();
            assertEquals(List.of(), CertificateProfile.problems(leaf, NOW), algorithm.toString());
        }
    }

    @Test
    void acceptsTheSharedFixtureLeaf() {
        List<X509Certificate> chain = KeyMaterial.readCertificateFile(
                Fixtures.shared("c2pa-fixtures/generated/pki/chain.pem"));
        X509Certificate leaf = chain.get(0);
        Instant at = leaf.getNotBefore().toInstant().plus(Duration.ofDays(1));
        assertEquals(List.of(), CertificateProfile.problems(leaf, at));
    }

    @Test
    void rejectsSelfSigned() {
        assertOneProblem(pki.leafBuilder().selfSigned().build().leaf(), "self-signed");
    }

    @Test
    void rejectsCa() {
        X509Certificate ca = pki.leafBuilder().ca().build().leaf();
        assertOneProblem(ca, "the certificate is a CA (basicConstraints CA=true)");
        assertOneProblem(ca, "keyCertSign");
        assertOneProblem(pki.intermediate(), "the certificate is a CA");
    }

    @Test
    void rejectsExpired() {
        Instant end = NOW.minus(Duration.ofDays(10));
        X509Certificate expired = pki.leafBuilder().validity(NOW.minus(Duration.ofDays(100)), end).build().leaf();
        List<String> problems = CertificateProfile.problems(expired, NOW);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("expired on " + end), problems.get(0));
        assertEquals(List.of(), CertificateProfile.problems(expired, end.minus(Duration.ofDays(1))));
        X509Certificate future = pki.leafBuilder().validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)))
                .build().leaf();
        assertOneProblem(future, "not valid before");
    }

    @Test
    void rejectsMissingOrWrongEku() {
        assertOneProblem(pki.leafBuilder().extendedKeyUsages().build().leaf(), "no extended key usage extension");
        assertOneProblem(pki.leafBuilder().extendedKeyUsages("1.3.6.1.5.5.7.3.1").build().leaf(),
                "no extended key usage for claim signing (has: 1.3.6.1.5.5.7.3.1)");
        assertOneProblem(pki.leafBuilder().extendedKeyUsages("2.5.29.37.0", DevPki.EKU_C2PA_CLAIM_SIGNING).build().leaf(),
                "anyExtendedKeyUsage");
        assertOneProblem(pki.tsaCertificate(), "no extended key usage for claim signing");
        assertOneProblem(pki.leafBuilder().extendedKeyUsages("1.3.6.1.5.5.7.3.8", DevPki.EKU_EMAIL_PROTECTION).build()
                .leaf(), "must stand alone");
        for (String eku : CertificateProfile.CLAIM_SIGNING_EKUS) {
            assertEquals(List.of(), CertificateProfile.problems(pki.leafBuilder().extendedKeyUsages(eku).build().leaf(),
                    NOW), eku);
        }
    }

    @Test
    void keyUsage() {
        assertOneProblem(pki.leafBuilder().keyUsage(0).build().leaf(), "no key usage extension");
        assertOneProblem(pki.leafBuilder().keyUsage(KeyUsage.keyEncipherment).build().leaf(), "lacks digitalSignature");
        assertEquals(List.of(), CertificateProfile.problems(
                pki.leafBuilder().keyUsage(KeyUsage.nonRepudiation).build().leaf(), NOW));
    }
}

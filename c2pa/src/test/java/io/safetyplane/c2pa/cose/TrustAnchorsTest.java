package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustAnchorsTest {
    private static final Instant NOW = Instant.now();
    private static DevPki pki;
    private static DevPki other;

    @BeforeAll
    static void pkis() {
        pki = DevPki.create("Trust Test", Duration.ofDays(30), Clock.systemUTC());
        other = DevPki.create("Trust Test", Duration.ofDays(30), Clock.systemUTC()); // same names, other keys
    }

    @Test
    void sharedFixtureChainAgainstItsRoot() throws Exception {
        Path dir = Fixtures.shared("c2pa-fixtures/generated/pki/root.pem").getParent();
        List<X509Certificate> chain = KeyMaterial.readCertificateFile(dir.resolve("chain.pem"));
        Instant at = chain.get(0).getNotBefore().toInstant().plus(Duration.ofDays(1));
        Trust trust = TrustAnchors.fromPem(dir.resolve("root.pem")).check(chain, at);
        assertEquals(Trust.Status.TRUSTED, trust.status(), trust.reason());
        assertEquals(Trust.Status.UNTRUSTED, TrustAnchors.none().check(chain, at).status());
        assertEquals(Trust.Status.UNTRUSTED, pki.trustAnchors().check(chain, at).status());
    }

    @Test
    void c2paRsFixtureChainAgainstTheTestRootBundle() throws Exception {
        Path bundle = Fixtures.shared("c2pa-fixtures/trust/c2pa-rs-test-root-bundle.pem");
        Fixtures.Manifest m = Fixtures.activeManifest(Fixtures.shared("c2pa-fixtures/c2pa-rs/C.jpg"));
        CoseVerification v = CoseSign1.verify(m.cose(), m.claim(), NOW);
        Trust trust = TrustAnchors.fromPem(bundle).check(v.chain(), v.signingTime().orElseThrow());
        assertEquals(Trust.Status.TRUSTED, trust.status(), trust.reason());
    }

    @Test
    void devPkiChainAgainstItsOwnAndAnotherRoot() {
        Trust own = pki.trustAnchors().check(pki.chain(), NOW);
        assertEquals(Trust.Status.TRUSTED, own.status(), own.reason());
        Trust foreign = other.trustAnchors().check(pki.chain(), NOW);
        assertEquals(Trust.Status.UNTRUSTED, foreign.status(), foreign.reason());
    }

    @Test
    void intermediateOrLeafAsAnchor() {
        assertEquals(Trust.Status.TRUSTED, TrustAnchors.of(List.of(pki.intermediate())).check(pki.chain(), NOW).status());
        assertEquals(Trust.Status.TRUSTED, TrustAnchors.of(List.of(pki.leaf())).check(pki.chain(), NOW).status());
        // a chain that includes the root itself
        assertEquals(Trust.Status.TRUSTED, pki.trustAnchors()
                .check(List.of(pki.leaf(), pki.intermediate(), pki.root()), NOW).status());
    }

    @Test
    void brokenChainsAreInvalid() {
        Trust wrongIssuer = pki.trustAnchors().check(List.of(pki.leaf(), pki.root()), NOW);
        assertEquals(Trust.Status.INVALID, wrongIssuer.status(), wrongIssuer.reason());
        Trust badSignature = pki.trustAnchors().check(List.of(pki.leaf(), other.intermediate()), NOW);
        assertEquals(Trust.Status.INVALID, badSignature.status(), badSignature.reason());
        assertTrue(badSignature.reason().contains("signature"), badSignature.reason());
        assertEquals(Trust.Status.INVALID, pki.trustAnchors().check(List.of(), NOW).status());
    }

    @Test
    void expiredLeafDoesNotValidate() {
        // inside the CA certificates' validity (they start an hour before creation)
        DevPki.Issued expired = pki.leafBuilder()
                .validity(NOW.minus(Duration.ofMinutes(50)), NOW.minus(Duration.ofMinutes(20))).build();
        Trust trust = pki.trustAnchors().check(expired.chain(), NOW);
        assertEquals(Trust.Status.INVALID, trust.status(), trust.reason());
        assertEquals(Trust.Status.TRUSTED,
                pki.trustAnchors().check(expired.chain(), NOW.minus(Duration.ofMinutes(30))).status());
    }

    @Test
    void tsaChainWithCriticalEkuIsTrusted() throws Exception {
        byte[] claim = {1, 2, 3};
        byte[] cose = CoseSign1.sign(claim, pki.signer(), pki.timestampAuthority(), 12000);
        CoseVerification v = CoseSign1.verify(cose, claim, NOW);
        Trust trust = pki.trustAnchors().check(v.timestamp().orElseThrow().tsaChain(), v.signingTime().orElseThrow());
        assertEquals(Trust.Status.TRUSTED, trust.status(), trust.reason());
    }
}

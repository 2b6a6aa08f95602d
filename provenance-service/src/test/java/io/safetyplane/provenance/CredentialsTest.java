package io.safetyplane.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.safetyplane.c2pa.cose.DevPki;
import io.safetyplane.provenance.config.ProvenanceConfig;
import io.safetyplane.provenance.service.Credentials;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Loading the signing credentials at start-up: PEM, PKCS#12, the development PKI, and refusing unfit certificates with the reason. */
class CredentialsTest {
    static final DevPki PKI = DevPki.create("Safety Plane test", Duration.ofDays(30), Clock.systemUTC());

    @TempDir
    Path dir;

    static ProvenanceConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ProvenanceConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(ProvenanceConfig.class);
    }

    Map<String, String> pem(DevPki.Issued issued) throws Exception {
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(chain))) {
            for (X509Certificate c : issued.chain()) {
                w.writeObject(c);
            }
        }
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
            w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(issued.key(), null));
        }
        Map<String, String> p = new HashMap<>();
        p.put("provenance-service.signing.source", "pem");
        p.put("provenance-service.signing.certificate-chain", chain.toString());
        p.put("provenance-service.signing.private-key", key.toString());
        return p;
    }

    @Test
    void aClaimSigningCertificateFromPemLoads() throws Exception {
        Credentials c = Credentials.load(config(pem(PKI.leafBuilder().build())), Clock.systemUTC());
        assertEquals("ES256", c.signer().alg().name());
        assertTrue(c.daysToExpiry(Instant.now()) >= 29);
    }

    @Test
    void unfitCertificatesStopTheServiceWithTheReason() throws Exception {
        Map<String, DevPki.Issued> unfit = Map.of(
                "a CA", PKI.leafBuilder().ca().build(),
                "self-signed", PKI.leafBuilder().selfSigned().build(),
                "expired", PKI.leafBuilder().validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1))).build(),
                "without claim-signing usage", PKI.leafBuilder().extendedKeyUsages("1.3.6.1.5.5.7.3.1").build());
        for (Map.Entry<String, DevPki.Issued> e : unfit.entrySet()) {
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> Credentials.load(config(pem(e.getValue())), Clock.systemUTC()), e.getKey());
            assertTrue(x.getMessage().contains("cannot sign C2PA claims: "), e.getKey() + ": " + x.getMessage());
        }
    }

    @Test
    void pkcs12AndTheDevelopmentPki() throws Exception {
        DevPki.Issued leaf = PKI.leafBuilder().build();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("signing", leaf.key(), "secret".toCharArray(), leaf.chain().toArray(Certificate[]::new));
        Path p12 = dir.resolve("signing.p12");
        try (var out = Files.newOutputStream(p12)) {
            ks.store(out, "secret".toCharArray());
        }
        Credentials c = Credentials.load(config(Map.of("provenance-service.signing.source", "pkcs12",
                "provenance-service.signing.pkcs12", p12.toString(), "provenance-service.signing.pkcs12-password", "secret")),
                Clock.systemUTC());
        assertEquals(leaf.chain().get(0), c.leaf());

        Map<String, String> dev = Map.of("provenance-service.signing.source", "dev", "provenance-service.signing.dev-directory",
                dir.resolve("dev").toString(), "provenance-service.timestamp.mode", "dev");
        Credentials first = Credentials.load(config(dev), Clock.systemUTC());
        Credentials again = Credentials.load(config(dev), Clock.systemUTC());
        assertEquals(first.leaf(), again.leaf(), "the development PKI is kept between starts");
        assertTrue(first.timestampAuthority() != null && first.devRoot().isPresent());
    }

    @Test
    void missingSettingsAreNamed() {
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> Credentials.load(config(Map.of(
                "provenance-service.signing.source", "pkcs12")), Clock.systemUTC()));
        assertTrue(x.getMessage().contains("provenance-service.signing.pkcs12 is required"), x.getMessage());
        RuntimeException y = assertThrows(RuntimeException.class, () -> Credentials.load(config(Map.of(
                "provenance-service.signing.source", "pem", "provenance-service.signing.certificate-chain", "/nonexistent/chain.pem",
                "provenance-service.signing.private-key", "/nonexistent/key.pem")), Clock.systemUTC()));
        assertTrue(y.getMessage().contains("chain.pem"), y.getMessage());
        IllegalStateException z = assertThrows(IllegalStateException.class, () -> Credentials.load(config(Map.of(
                "provenance-service.signing.source", "dev", "provenance-service.signing.dev-directory", dir.resolve("d2").toString(),
                "provenance-service.timestamp.mode", "url")), Clock.systemUTC()));
        assertTrue(z.getMessage().contains("timestamp.url is required"), z.getMessage());
    }
}

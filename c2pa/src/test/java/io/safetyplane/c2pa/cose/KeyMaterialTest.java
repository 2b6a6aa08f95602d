package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
    private static final byte[] CLAIM = {10, 20, 30};
    private static DevPki pki;
    private static DevPki other;

    @TempDir
    Path dir;

    @BeforeAll
    static void pkis() {
        pki = DevPki.create("Key Test", Duration.ofDays(30), Clock.systemUTC());
        other = DevPki.create("Key Test", Duration.ofDays(30), Clock.systemUTC());
    }

    private static void assertSigns(ClaimSigner signer) throws Exception {
        byte[] cose = CoseSign1.sign(CLAIM, signer, null, 3000);
        assertTrue(CoseSign1.verify(cose, CLAIM, Instant.now()).signatureValid());
    }

    @Test
    void loadsWhatDevPkiWrote() throws Exception {
        pki.writePem(dir);
        for (String name : List.of("root.pem", "chain.pem", "signing-key.pem", "tsa.pem", "tsa-key.pem")) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertTrue(Files.readString(dir.resolve("signing-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        KeySigner signer = KeyMaterial.fromPem(dir.resolve("chain.pem"), dir.resolve("signing-key.pem"));
        assertEquals(pki.chain(), signer.chain());
        assertEquals(SigningAlg.ES256, signer.alg());
        assertSigns(signer);

        DevPki loaded = DevPki.load(dir, Clock.systemUTC());
        assertEquals(pki.root(), loaded.root());
        assertEquals(pki.leaf(), loaded.leaf());
        byte[] cose = CoseSign1.sign(CLAIM, loaded.signer(), loaded.timestampAuthority(), 12000);
        assertTrue(CoseSign1.verify(cose, CLAIM, Instant.now()).has(CoseVerification.TIMESTAMP_VALIDATED));
        assertThrows(IllegalStateException.class, loaded::leafBuilder);

        DevPki again = DevPki.loadOrCreate(dir, "ignored", Duration.ofDays(1), Clock.systemUTC());
        assertEquals(pki.root(), again.root(), "the same root between runs");
    }

    @Test
    void loadsTraditionalEcKeysAndDropsATrailingRoot() throws Exception {
        Path key = dir.resolve("ec.pem");
        // SEC1 "EC PRIVATE KEY" as openssl writes it: d, the named curve, the public key
        ECPrivateKey ec = (ECPrivateKey) pki.signingKey();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pki.leaf().getPublicKey().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                spki.getPublicKeyData(), spki.getAlgorithm().getParameters());
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        Files.writeString(key, text.toString());
        assertTrue(text.toString().startsWith("-----BEGIN EC PRIVATE KEY-----"));
        Path chain = dir.resolve("full-chain.pem");
        StringWriter certs = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(certs)) {
            writer.writeObject(pki.leaf());
            writer.writeObject(pki.intermediate());
            writer.writeObject(pki.root());
        }
        Files.writeString(chain, certs.toString());
        KeySigner signer = KeyMaterial.fromPem(chain, key);
        assertEquals(pki.chain(), signer.chain());
        assertSigns(signer);
    }

    @Test
    void loadsPkcs12() throws Exception {
        char[] password = "test-only".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("signer", pki.signingKey(), password,
                new Certificate[] {pki.leaf(), pki.intermediate()});
        Path p12 = dir.resolve("signer.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, password);
        }
        KeySigner signer = KeyMaterial.fromPkcs12(p12, password);
        assertEquals(pki.chain(), signer.chain());
        assertSigns(signer);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> KeyMaterial.fromPkcs12(p12, "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("password"), wrong.getMessage());
    }

    @Test
    void rejectsAMismatchedKey() throws Exception {
        pki.writePem(dir);
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        other.writePem(otherDir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyMaterial.fromPem(dir.resolve("chain.pem"), otherDir.resolve("signing-key.pem")));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void clearErrors() throws Exception {
        pki.writePem(dir);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KeyMaterial.fromPem(dir.resolve("absent.pem"), dir.resolve("signing-key.pem")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificates here\n");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> KeyMaterial.fromPem(empty, dir.resolve("signing-key.pem")));
        assertTrue(none.getMessage().contains("no certificates"), none.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> KeyMaterial.fromPem(dir.resolve("chain.pem"), dir.resolve("chain.pem")));
        assertTrue(noKey.getMessage().contains("no private key"), noKey.getMessage());
    }
}

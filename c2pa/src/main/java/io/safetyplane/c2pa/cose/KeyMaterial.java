package io.safetyplane.c2pa.cose;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Loads a claim-signing key and its certificate chain: a PEM chain (leaf first) with a PEM private key
 * (PKCS#8 {@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}), or a PKCS#12 file.
 * A self-signed root at the end of the chain is dropped (C2PA leaves the trust anchor out of x5chain).
 */
public final class KeyMaterial {
    private KeyMaterial() {
    }

    /** A signer from a PEM certificate chain (leaf first) and an unencrypted PEM private key. */
    public static KeySigner fromPem(Path chainPem, Path keyPem) {
        List<X509Certificate> chain = readCertificateFile(chainPem);
        PrivateKey key = readPrivateKey(keyPem);
        return signer(key, chain, chainPem.toString());
    }

    /** A signer from a PKCS#12 file: the first (or only) private-key entry and its chain. */
    public static KeySigner fromPkcs12(Path p12, char[] password) {
        requireFile(p12, "PKCS#12 file");
        KeyStore store;
        try (InputStream in = Files.newInputStream(p12)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 file " + p12
                    + " (wrong password or not PKCS#12): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                if (!(key instanceof PrivateKey privateKey)) {
                    continue;
                }
                Certificate[] certs = store.getCertificateChain(alias);
                List<X509Certificate> chain = new ArrayList<>();
                if (certs != null) {
                    for (Certificate c : certs) {
                        chain.add((X509Certificate) c);
                    }
                }
                return signer(privateKey, chain, p12 + " entry " + alias);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key in " + p12 + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("PKCS#12 file " + p12 + " holds no private key");
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> readCertificates(InputStream pem) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new InputStreamReader(pem, StandardCharsets.US_ASCII))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    try {
                        certs.add(converter.getCertificate(holder));
                    } catch (CertificateException e) {
                        throw new IOException("unreadable certificate " + holder.getSubject() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return certs;
    }

    /** Every certificate in a PEM file. */
    public static List<X509Certificate> readCertificateFile(Path pem) {
        requireFile(pem, "certificate file");
        try (InputStream in = Files.newInputStream(pem)) {
            return readCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The private key in a PEM file ({@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}). */
    public static PrivateKey readPrivateKey(Path pem) {
        requireFile(pem, "private key file");
        try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) { // "EC PRIVATE KEY" / "RSA PRIVATE KEY"
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o.getClass().getSimpleName().contains("Encrypted")) {
                    throw new IllegalArgumentException("the private key in " + pem
                            + " is encrypted; provide an unencrypted PKCS#8 key or a PKCS#12 file");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the private key in " + pem + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key in " + pem);
    }

    /**
     * A signer for a key and its chain, after checking that the key belongs to the leaf certificate.
     *
     * @param where names the source in error messages
     */
    static KeySigner signer(PrivateKey key, List<X509Certificate> chain, String where) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificates in " + where);
        }
        List<X509Certificate> trimmed = new ArrayList<>(chain);
        X509Certificate last = trimmed.get(trimmed.size() - 1);
        if (trimmed.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            trimmed.remove(trimmed.size() - 1); // the trust anchor does not go into x5chain
        }
        SigningAlg alg = SigningAlg.forKey(key);
        if (!matches(alg, key, trimmed.get(0))) {
            throw new IllegalArgumentException("the private key does not match the leaf certificate's public key ("
                    + trimmed.get(0).getSubjectX500Principal().getName() + ") in " + where);
        }
        return new KeySigner(alg, key, trimmed);
    }

    /** Proves possession: a test signature made with the key verifies with the certificate. */
    private static boolean matches(SigningAlg alg, PrivateKey key, X509Certificate leaf) {
        if (!alg.fitsKey(leaf.getPublicKey())) {
            return false;
        }
        try {
            byte[] probe = "c2pa key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = alg.newSignature();
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = alg.newSignature();
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void requireFile(Path path, String what) {
        if (path == null || !Files.isRegularFile(path)) {
            throw new IllegalArgumentException(what + " not found: " + path);
        }
    }
}

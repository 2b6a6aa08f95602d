package io.safetyplane.c2pa.cose;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link ClaimSigner} holding a private key in memory. Thread-safe: initialised {@link Signature}
 * objects are pooled and reused, one per concurrent caller.
 */
public final class KeySigner implements ClaimSigner {
    private final SigningAlg alg;
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final ConcurrentLinkedQueue<Signature> pool = new ConcurrentLinkedQueue<>();

    /** A signer using the algorithm {@link SigningAlg#forKey} picks for the key. */
    public KeySigner(PrivateKey key, List<X509Certificate> chain) {
        this(SigningAlg.forKey(Objects.requireNonNull(key, "key")), key, chain);
    }

    /**
     * @param chain leaf first, trust anchor omitted
     * @throws IllegalArgumentException when the chain is empty, the key does not fit the algorithm or
     *     the algorithm does not fit the leaf's public key
     */
    public KeySigner(SigningAlg alg, PrivateKey key, List<X509Certificate> chain) {
        this.alg = Objects.requireNonNull(alg, "alg");
        this.key = Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        this.chain = List.copyOf(chain);
        if (!alg.fitsKey(key)) {
            throw new IllegalArgumentException(alg + " cannot be used with a " + key.getAlgorithm() + " key");
        }
        if (!alg.fitsKey(this.chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException(alg + " does not fit the leaf certificate's "
                    + this.chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        pool.add(newSignature());
    }

    @Override
    public SigningAlg alg() {
        return alg;
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    PrivateKey privateKey() {
        return key;
    }

    @Override
    public byte[] sign(byte[] toBeSigned) {
        Signature signature = pool.poll();
        if (signature == null) {
            signature = newSignature();
        }
        try {
            signature.update(toBeSigned);
            byte[] result = signature.sign(); // resets the object to the state after initSign
            pool.offer(signature);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " signing failed: " + e.getMessage(), e);
        }
    }

    private Signature newSignature() {
        try {
            Signature signature = alg.newSignature();
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(alg + " signing cannot use this key: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KeySigner[" + alg + ", " + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}

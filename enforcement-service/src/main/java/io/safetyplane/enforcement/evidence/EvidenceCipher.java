package io.safetyplane.enforcement.evidence;

import io.safetyplane.enforcement.evidence.EvidenceCryptoException.Reason;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of evidence: each record gets a fresh random 256-bit data key, the bytes are sealed with
 * AES-256-GCM under it (random 96-bit nonce, 128-bit tag), and the data key is wrapped by {@link KeyEncryptionKeys}.
 * The record id and content type are authenticated as additional data, so a ciphertext moved to another record, or
 * presented with another content type, fails to open. Data keys are zeroed after use (the JCE provider's own copy of
 * the key schedule is out of reach; a KMS keeps the KEKs themselves out of this process). Thread-safe.
 */
public final class EvidenceCipher {

    static final int DATA_KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String AEAD = "AES/GCM/NoPadding";
    /** Domain separation: these AAD bytes mean nothing to any other use of the same keys. */
    private static final byte[] AAD_LABEL = "safety-plane evidence v1\0".getBytes(StandardCharsets.US_ASCII);

    private final KeyEncryptionKeys keks;
    private final SecureRandom random = new SecureRandom();

    public EvidenceCipher(KeyEncryptionKeys keks) {
        this.keks = Objects.requireNonNull(keks, "keks");
    }

    /**
     * Seals {@code plaintext} for the record {@code recordId} with content type {@code contentType}; both must be
     * given unchanged to {@link #open}.
     */
    public SealedEvidence seal(String recordId, String contentType, byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] aad = aad(recordId, contentType);
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        try {
            random.nextBytes(dataKey);
            random.nextBytes(nonce);
            WrappedKey wrapped = keks.wrap(dataKey);
            Cipher c = Cipher.getInstance(AEAD);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return new SealedEvidence(wrapped, nonce, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Opens what {@link #seal} made for the same record id and content type.
     *
     * @throws EvidenceCryptoException TAMPERED when anything was altered or belongs to another record, MALFORMED for a
     *                                 structurally wrong envelope, UNKNOWN_KEK from the key-encryption keys
     */
    public byte[] open(String recordId, String contentType, SealedEvidence sealed) {
        Objects.requireNonNull(sealed, "sealed");
        byte[] aad = aad(recordId, contentType);
        byte[] nonce = sealed.nonce();
        byte[] ciphertext = sealed.ciphertext();
        if (nonce.length != NONCE_BYTES) {
            throw new EvidenceCryptoException(Reason.MALFORMED,
                    "evidence " + recordId + ": nonce has " + nonce.length + " bytes, expected " + NONCE_BYTES);
        }
        if (ciphertext.length < TAG_BITS / 8) {
            throw new EvidenceCryptoException(Reason.MALFORMED, "evidence " + recordId + ": ciphertext has "
                    + ciphertext.length + " bytes, shorter than the " + TAG_BITS / 8 + "-byte tag");
        }
        byte[] dataKey = keks.unwrap(sealed.wrappedKey());
        try {
            if (dataKey.length != DATA_KEY_BYTES) {
                throw new EvidenceCryptoException(Reason.TAMPERED, "evidence " + recordId + ": unwrapped data key has "
                        + dataKey.length + " bytes, expected " + DATA_KEY_BYTES);
            }
            Cipher c = Cipher.getInstance(AEAD);
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new EvidenceCryptoException(Reason.TAMPERED, "evidence " + recordId
                    + " does not authenticate: altered, or sealed for another record or content type", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Label, then the record id and content type, each as a 4-byte length and UTF-8, so no two pairs collide. */
    private static byte[] aad(String recordId, String contentType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(AAD_LABEL);
        for (String part : new String[] {requireText(recordId, "recordId"), requireText(contentType, "contentType")}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}

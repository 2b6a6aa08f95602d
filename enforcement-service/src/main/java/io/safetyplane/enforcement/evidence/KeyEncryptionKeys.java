package io.safetyplane.enforcement.evidence;

/**
 * Wraps and unwraps the per-record data keys of the evidence vault. {@link LocalKeyEncryptionKeys} holds the KEKs
 * from configuration; a cloud KMS (AWS KMS Encrypt/Decrypt, Google Cloud KMS, Azure Key Vault wrapKey/unwrapKey)
 * implements the same two calls, so the KEKs never leave it.
 *
 * <p>Contract: {@link #wrap} must not keep {@code dataKey} (the caller zeroes it afterwards); {@link #unwrap} returns
 * a fresh array that the caller zeroes after use. Failures are {@link EvidenceCryptoException}s:
 * {@link EvidenceCryptoException.Reason#UNKNOWN_KEK} for a KEK id it does not hold,
 * {@link EvidenceCryptoException.Reason#TAMPERED} when the wrapped bytes do not authenticate, and
 * {@link EvidenceCryptoException.Reason#UNAVAILABLE} when a remote KMS cannot be reached.
 */
public interface KeyEncryptionKeys {

    /** Wraps {@code dataKey} under the current (newest) KEK. */
    WrappedKey wrap(byte[] dataKey);

    /** Unwraps with the KEK named in {@code wrapped}, which may be an older one after a rotation. */
    byte[] unwrap(WrappedKey wrapped);
}

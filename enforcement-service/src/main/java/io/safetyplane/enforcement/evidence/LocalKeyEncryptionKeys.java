package io.safetyplane.enforcement.evidence;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-encryption keys from configuration (secrets): one or more AES-256 keys by id, base64-encoded. The active KEK
 * (the newest) wraps; every configured KEK unwraps, so a rotation adds a new KEK, makes it active, and keeps the old
 * ones until every record wrapped under them has been re-wrapped or purged.
 *
 * <p>Wrapping is AES key wrap with padding (RFC 5649, NIST SP 800-38F KWP, the JDK's {@code AES/KWP/NoPadding}):
 * deterministic, no nonce to manage, and its integrity check rejects altered wrapped bytes or the wrong KEK.
 */
public final class LocalKeyEncryptionKeys implements KeyEncryptionKeys {

    /** KEK ids are stored with every record: short, printable, no separators that need quoting. */
    private static final Pattern KEK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int KEK_BYTES = 32;
    private static final String WRAP = "AES/KWP/NoPadding";

    private final String activeKekId;
    private final Map<String, SecretKey> keks;

    /**
     * @param activeKekId      the KEK that wraps new data keys; must be one of {@code base64KeysById}
     * @param base64KeysById   KEK id to base64 (standard alphabet) of 32 random bytes, e.g. {@code openssl rand
     *                         -base64 32}; surrounding whitespace is ignored
     * @throws KeyConfigurationException naming the KEK and the problem (never the key material)
     */
    public LocalKeyEncryptionKeys(String activeKekId, Map<String, String> base64KeysById) {
        if (base64KeysById == null || base64KeysById.isEmpty()) {
            throw new KeyConfigurationException("no evidence key-encryption key is configured");
        }
        Map<String, SecretKey> parsed = new TreeMap<>();
        base64KeysById.forEach((id, value) -> parsed.put(checkId(id), parse(id, value)));
        if (activeKekId == null || activeKekId.isBlank()) {
            throw new KeyConfigurationException("no active evidence key-encryption key is set; configured KEKs: "
                    + parsed.keySet());
        }
        if (!parsed.containsKey(activeKekId)) {
            throw new KeyConfigurationException("the active evidence key-encryption key '" + activeKekId
                    + "' is not configured; configured KEKs: " + parsed.keySet());
        }
        this.activeKekId = activeKekId;
        this.keks = Collections.unmodifiableMap(parsed);
    }

    /** The KEK that wraps new data keys. */
    public String activeKekId() {
        return activeKekId;
    }

    /** Every KEK that unwraps. */
    public Set<String> kekIds() {
        return keks.keySet();
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        Objects.requireNonNull(dataKey, "dataKey");
        try {
            Cipher c = Cipher.getInstance(WRAP);
            c.init(Cipher.ENCRYPT_MODE, keks.get(activeKekId));
            return new WrappedKey(activeKekId, c.doFinal(dataKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap (" + WRAP + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        Objects.requireNonNull(wrapped, "wrapped");
        SecretKey kek = keks.get(wrapped.kekId());
        if (kek == null) {
            throw new EvidenceCryptoException(EvidenceCryptoException.Reason.UNKNOWN_KEK,
                    "the data key is wrapped under key-encryption key '" + wrapped.kekId()
                            + "', which is not configured; configured KEKs: " + keks.keySet());
        }
        try {
            Cipher c = Cipher.getInstance(WRAP);
            c.init(Cipher.DECRYPT_MODE, kek);
            return c.doFinal(wrapped.bytes());
        } catch (IllegalBlockSizeException | BadPaddingException e) {
            throw new EvidenceCryptoException(EvidenceCryptoException.Reason.TAMPERED,
                    "the wrapped data key does not authenticate under key-encryption key '" + wrapped.kekId() + "'",
                    e);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("key-encryption key '" + wrapped.kekId() + "' is unusable", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key unwrap (" + WRAP + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeyEncryptionKeys[active " + activeKekId + ", KEKs " + keks.keySet() + "]";
    }

    private static String checkId(String id) {
        if (id == null || !KEK_ID.matcher(id).matches()) {
            throw new KeyConfigurationException("evidence key-encryption key id '" + id
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    private static SecretKey parse(String id, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new KeyConfigurationException("evidence key-encryption key '" + id + "' is empty");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyConfigurationException("evidence key-encryption key '" + id
                    + "' is not valid base64 (standard alphabet, e.g. the output of openssl rand -base64 32)");
        }
        try {
            if (raw.length != KEK_BYTES) {
                throw new KeyConfigurationException("evidence key-encryption key '" + id + "' has " + raw.length
                        + " bytes; an AES-256 key has " + KEK_BYTES);
            }
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}

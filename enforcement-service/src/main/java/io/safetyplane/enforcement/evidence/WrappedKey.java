package io.safetyplane.enforcement.evidence;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record's data key wrapped under a key-encryption key: the KEK's id (stored with the record so that the right KEK
 * unwraps it after a rotation) and the wrapped bytes, whose format belongs to the {@link KeyEncryptionKeys} that made
 * them. The bytes are copied in and out.
 */
public final class WrappedKey {

    private final String kekId;
    private final byte[] bytes;

    public WrappedKey(String kekId, byte[] bytes) {
        this.kekId = Objects.requireNonNull(kekId, "kekId");
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        if (kekId.isBlank()) {
            throw new IllegalArgumentException("kekId must not be blank");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("wrapped key bytes must not be empty");
        }
    }

    public String kekId() {
        return kekId;
    }

    /** A copy of the wrapped bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey w && kekId.equals(w.kekId) && Arrays.equals(bytes, w.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * kekId.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WrappedKey[kek " + kekId + ", " + bytes.length + " bytes]";
    }
}

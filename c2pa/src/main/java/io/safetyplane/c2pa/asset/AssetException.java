package io.safetyplane.c2pa.asset;

/** The asset cannot be read or written: not the format it claims, corrupt, truncated, or a variant not supported. */
public class AssetException extends Exception {
    /** Why, for error mapping: the container is damaged, or well-formed but of a kind this handler does not write. */
    public enum Kind {
        CORRUPT, UNSUPPORTED
    }

    private final Kind kind;

    public AssetException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

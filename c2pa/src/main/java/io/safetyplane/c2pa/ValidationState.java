package io.safetyplane.c2pa;

/** The reference implementation's verdict on a manifest. */
public enum ValidationState {
    /** A signature, a hash or the manifest's structure does not hold: the content or its credentials were altered. */
    INVALID,
    /** Intact and correctly signed, by a signer that is not (or not known to be) trusted. */
    VALID,
    /** Valid, and the signer's certificate chains to a configured trust anchor. */
    TRUSTED;

    /** As the reference implementation spells it ({@code Invalid}, {@code Valid}, {@code Trusted}). */
    public String display() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}

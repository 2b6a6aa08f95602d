package io.safetyplane.c2pa.jumbf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The hash algorithms C2PA names ({@code sha256}, {@code sha384}, {@code sha512}). */
public final class Hashing {
    private Hashing() {
    }

    /** A fresh digest for a C2PA algorithm name. */
    public static MessageDigest digest(String alg) {
        String jca = switch (alg == null ? "sha256" : alg.toLowerCase(Locale.ROOT)) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported hash algorithm '" + alg + "' (sha256, sha384, sha512)");
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is missing from this JDK", e);
        }
    }

    public static boolean supported(String alg) {
        return alg == null || alg.equalsIgnoreCase("sha256") || alg.equalsIgnoreCase("sha384") || alg.equalsIgnoreCase("sha512");
    }
}

package io.safetyplane.hash.signal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** MD5 or SHA-256 of the exact bytes: matches only identical files. */
public final class CryptographicSignal implements SignalType {
    public static final CryptographicSignal MD5 = new CryptographicSignal("md5", "MD5", 16);
    public static final CryptographicSignal SHA256 = new CryptographicSignal("sha256", "SHA-256", 32);

    private final String name;
    private final String algorithm;
    private final int bytes;

    private CryptographicSignal(String name, String algorithm, int bytes) {
        this.name = name;
        this.algorithm = algorithm;
        this.bytes = bytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String canonical(String value) throws InvalidHashException {
        return Hex.canonical(name, value, bytes * 2);
    }

    @Override
    public Optional<QuerySignal> compute(Content content) {
        return Optional.of(QuerySignal.exact(name, HexFormat.of().formatHex(digest(content.bytes()))));
    }

    @Override
    public QuerySignal query(String canonical, Integer quality) {
        return QuerySignal.exact(name, canonical);
    }

    @Override
    public SignalIndex index(String[] hashes, int count, int maxDistance) {
        return new ExactIndex(bytes / 8, hashes, count);
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return name.toUpperCase(Locale.ROOT);
    }
}

package io.safetyplane.pdq;

import java.util.Arrays;

/**
 * A 256-bit PDQ hash, stored as 4 longs. Layout follows the reference {@code Hash256}
 * ({@code pdq/cpp/common/pdqhashtypes.h/.cpp}): 16 words of 16 bits, bit {@code k} in word {@code k/16} at bit
 * {@code k%16}; hex prints word 15 first, {@code %04x} each. Here long {@code i} holds words {@code 4i..4i+3}, word
 * {@code 4i} in the low 16 bits, so bit {@code k} of the hash is bit {@code k%64} of long {@code k/64}.
 */
public final class PdqHash {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private PdqHash(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    public static PdqHash of(long w0, long w1, long w2, long w3) {
        return new PdqHash(w0, w1, w2, w3);
    }

    static PdqHash of(long[] w) {
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    /**
     * Parses the reference hex format: exactly 64 hex digits, case-insensitive, word 15 first.
     *
     * @throws IllegalArgumentException if the string is null, not 64 characters long or not hex
     */
    public static PdqHash fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("PDQ hex string is null");
        }
        if (hex.length() != 64) {
            throw new IllegalArgumentException(
                    "PDQ hex string must have 64 hex digits, got " + hex.length() + " characters: \"" + clip(hex) + "\"");
        }
        long[] w = new long[4];
        for (int c = 0; c < 64; c++) {
            int d = Character.digit(hex.charAt(c), 16);
            if (d < 0 || hex.charAt(c) > 0x7F) {
                throw new IllegalArgumentException(
                        "PDQ hex string has a non-hex character '" + hex.charAt(c) + "' at index " + c);
            }
            int nibble = 63 - c; // nibble 0 = least significant nibble of word 0
            w[nibble / 16] |= (long) d << (4 * (nibble % 16));
        }
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Lowercase, 64 characters, identical to the reference {@code Hash256::format}. */
    public String toHex() {
        char[] out = new char[64];
        for (int c = 0; c < 64; c++) {
            int nibble = 63 - c;
            out[c] = HEX[(int) (word(nibble / 16) >>> (4 * (nibble % 16))) & 0xF];
        }
        return new String(out);
    }

    /** Long {@code i} (0..3): 16-bit words {@code 4i..4i+3}, word {@code 4i} in the low bits. */
    public long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException("word index must be 0..3, got " + i);
        };
    }

    /** Bit {@code k} (0..255), i.e. whether DCT coefficient {@code (k/16, k%16)} exceeded the median. */
    public boolean bit(int k) {
        if (k < 0 || k > 255) {
            throw new IndexOutOfBoundsException("bit index must be 0..255, got " + k);
        }
        return (word(k >>> 6) >>> (k & 63) & 1L) != 0;
    }

    public int bitCount() {
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** Hamming distance (popcount of the XOR), as {@code Hash256::hammingDistance}. */
    public int distance(PdqHash o) {
        return Long.bitCount(w0 ^ o.w0) + Long.bitCount(w1 ^ o.w1) + Long.bitCount(w2 ^ o.w2)
                + Long.bitCount(w3 ^ o.w3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdqHash h && h.w0 == w0 && h.w1 == w1 && h.w2 == w2 && h.w3 == w3;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {w0, w1, w2, w3});
    }

    @Override
    public String toString() {
        return toHex();
    }
}

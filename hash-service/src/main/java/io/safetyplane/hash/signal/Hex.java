package io.safetyplane.hash.signal;

import java.util.Locale;

final class Hex {
    private Hex() {
    }

    /** Lowercase hex of exactly {@code length} digits, or an exception naming the problem. */
    static String canonical(String type, String value, int length) throws InvalidHashException {
        if (value == null || value.isBlank()) {
            throw new InvalidHashException(type + " hash is empty");
        }
        String v = value.strip();
        if (v.length() != length) {
            throw new InvalidHashException(type + " hash must be " + length + " hex digits, got " + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.digit(v.charAt(i), 16) < 0) {
                throw new InvalidHashException(type + " hash has a non-hex character '" + v.charAt(i) + "' at position " + (i + 1));
            }
        }
        return v.toLowerCase(Locale.ROOT);
    }
}

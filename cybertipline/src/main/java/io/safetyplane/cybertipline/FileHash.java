package io.safetyplane.cybertipline;

import java.util.Locale;

/**
 * {@code originalFileHash}: a hash of the file as the user uploaded it, before any change by us, with its
 * {@code hashType}. The value is lower-case hex of the algorithm's length.
 */
public record FileHash(Type type, String value) {
    /** Hash algorithms with the name written into {@code hashType} and the hex length of a value. */
    public enum Type {
        MD5("MD5", 32), SHA1("SHA1", 40), SHA256("SHA256", 64), PDQ("PDQ", 64);

        private final String xml;
        private final int hexLength;

        Type(String xml, int hexLength) {
            this.xml = xml;
            this.hexLength = hexLength;
        }

        public String xml() {
            return xml;
        }
    }

    public FileHash {
        Require.present(type, "originalFileHash/@hashType");
        Require.text(value, "originalFileHash");
        value = value.toLowerCase(Locale.ROOT);
        if (value.length() != type.hexLength || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("originalFileHash " + type.xml + " must be " + type.hexLength + " hex digits, got '" + value + "'");
        }
    }
}

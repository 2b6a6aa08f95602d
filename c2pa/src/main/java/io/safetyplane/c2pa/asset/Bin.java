package io.safetyplane.c2pa.asset;

import java.nio.charset.StandardCharsets;

/** Bounds-checked big/little-endian reads and writes on byte arrays, and the exceptions they raise. */
final class Bin {
    private Bin() {
    }

    static AssetException corrupt(String format, Object... args) {
        return new AssetException(AssetException.Kind.CORRUPT, String.format(format, args));
    }

    static AssetException unsupported(String format, Object... args) {
        return new AssetException(AssetException.Kind.UNSUPPORTED, String.format(format, args));
    }

    /** Fails unless {@code [offset, offset + length)} lies within {@code b}; {@code what} names the structure. */
    static void need(byte[] b, long offset, long length, String what) throws AssetException {
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw corrupt("%s at offset %d needs %d bytes, but the file ends at %d", what, offset, length, b.length);
        }
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16be(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32be(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static int u24be(byte[] b, int off) {
        return ((b[off] & 0xff) << 16) | ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
    }

    static long u64be(byte[] b, int off) {
        return (u32be(b, off) << 32) | u32be(b, off + 4);
    }

    static long u32le(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16) | ((long) (b[off + 3] & 0xff) << 24);
    }

    static void put16be(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32be(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void put64be(byte[] b, int off, long v) {
        put32be(b, off, v >>> 32);
        put32be(b, off + 4, v);
    }

    static void put32le(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static boolean equalsAscii(byte[] b, int off, String ascii) {
        if (off < 0 || off + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[off + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsBytes(byte[] b, int off, byte[] value) {
        if (off < 0 || off + value.length > b.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (b[off + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** Checks that {@code store} can be embedded: at least a JUMBF box header (LBox + TBox). */
    static void checkStore(byte[] store) {
        if (store == null || store.length < 8) {
            throw new IllegalArgumentException("a manifest store is a JUMBF superbox of at least 8 bytes");
        }
    }
}

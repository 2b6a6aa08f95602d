package io.safetyplane.c2pa.cose;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tiny CBOR writer (RFC 8949) for the few structures COSE needs: definite lengths and shortest
 * argument encodings only, so its output is deterministic. Map keys are written in the order given;
 * callers pass them in canonical order.
 */
final class Cbor {
    private byte[] buf;
    private int len;

    Cbor(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    static int headSize(long n) {
        if (n < 24) {
            return 1;
        }
        if (n < 0x100) {
            return 2;
        }
        if (n < 0x10000) {
            return 3;
        }
        if (n < 0x100000000L) {
            return 5;
        }
        return 9;
    }

    Cbor head(int major, long n) {
        int m = major << 5;
        ensure(9);
        if (n < 24) {
            buf[len++] = (byte) (m | n);
        } else if (n < 0x100) {
            buf[len++] = (byte) (m | 24);
            buf[len++] = (byte) n;
        } else if (n < 0x10000) {
            buf[len++] = (byte) (m | 25);
            putBE(n, 2);
        } else if (n < 0x100000000L) {
            buf[len++] = (byte) (m | 26);
            putBE(n, 4);
        } else {
            buf[len++] = (byte) (m | 27);
            putBE(n, 8);
        }
        return this;
    }

    Cbor integer(long v) {
        return v >= 0 ? head(0, v) : head(1, -1 - v);
    }

    Cbor bytes(byte[] b) {
        head(2, b.length);
        raw(b);
        return this;
    }

    /** A byte string of {@code n} zero bytes. */
    Cbor zeros(int n) {
        head(2, n);
        ensure(n);
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    Cbor text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(3, b.length);
        raw(b);
        return this;
    }

    Cbor array(int n) {
        return head(4, n);
    }

    Cbor map(int n) {
        return head(5, n);
    }

    Cbor tag(long t) {
        return head(6, t);
    }

    Cbor nul() {
        ensure(1);
        buf[len++] = (byte) 0xf6;
        return this;
    }

    /** Appends already-encoded CBOR. */
    Cbor raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return buf.length == len ? buf : Arrays.copyOf(buf, len);
    }

    private void putBE(long n, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            buf[len++] = (byte) (n >>> (8 * i));
        }
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}

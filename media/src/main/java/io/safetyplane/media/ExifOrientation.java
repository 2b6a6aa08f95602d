package io.safetyplane.media;

/**
 * Reads the EXIF Orientation tag (0x0112) from a TIFF structure in either byte order. Tolerant of garbage:
 * anything malformed yields 1.
 */
final class ExifOrientation {

    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** Parses the TIFF structure at {@code b[off..off+len)}; skips an optional {@code Exif\0\0} prefix. */
    static int fromTiff(byte[] b, int off, int len) {
        try {
            int end = Math.min(b.length, off + len);
            if (end - off >= 6 && b[off] == 'E' && b[off + 1] == 'x' && b[off + 2] == 'i' && b[off + 3] == 'f'
                    && b[off + 4] == 0 && b[off + 5] == 0) {
                off += 6;
            }
            if (end - off < 8) {
                return 1;
            }
            boolean little;
            if (b[off] == 'I' && b[off + 1] == 'I') {
                little = true;
            } else if (b[off] == 'M' && b[off + 1] == 'M') {
                little = false;
            } else {
                return 1;
            }
            if (u16(b, off + 2, little) != 42) {
                return 1;
            }
            long ifd = u32(b, off + 4, little);
            if (ifd < 8 || off + ifd + 2 > end) {
                return 1;
            }
            int p = off + (int) ifd;
            int count = u16(b, p, little);
            p += 2;
            for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
                if (u16(b, p, little) == TAG_ORIENTATION) {
                    int type = u16(b, p + 2, little);
                    int v;
                    if (type == 3) { // SHORT
                        v = u16(b, p + 8, little);
                    } else if (type == 4) { // LONG
                        v = (int) Math.min(u32(b, p + 8, little), 99);
                    } else if (type == 1) { // BYTE
                        v = b[p + 8] & 0xFF;
                    } else {
                        return 1;
                    }
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
            return 1;
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static int u16(byte[] b, int p, boolean little) {
        int a = b[p] & 0xFF;
        int c = b[p + 1] & 0xFF;
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(byte[] b, int p, boolean little) {
        long hi = u16(b, p, little);
        long lo = u16(b, p + 2, little);
        return little ? (lo << 16 | hi) : (hi << 16 | lo);
    }
}

package io.safetyplane.media;

import java.util.function.BooleanSupplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A direct decoder for the common PNG layouts (non-interlaced; grey 1/2/4/8/16, RGB 8/16, grey+alpha 8/16,
 * RGBA 8/16; no tRNS, no palette) that produces exactly the {@link PixelConverter.Pixels} that
 * {@link PixelConverter#fromImage} makes of the JDK reader's image, without ImageIO's stream layers and raster
 * copies. Anything else, and any irregularity (truncated or corrupt zlib data, unknown filter types, chunks
 * running past the end), returns {@code null} so the JDK reader decodes the file and reports its own errors.
 */
final class FastPng {

    private FastPng() {
    }

    /** Decoded image: dimensions and converted pixels. */
    record Result(int width, int height, PixelConverter.Pixels pixels) {
    }

    private static int be32(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static boolean type(byte[] b, int p, String t) {
        return b[p] == t.charAt(0) && b[p + 1] == t.charAt(1) && b[p + 2] == t.charAt(2) && b[p + 3] == t.charAt(3);
    }

    /**
     * @param aborted polled once per row; when it turns true decoding stops and {@code null} is returned
     */
    static Result decode(byte[] b, BooleanSupplier aborted) {
        try {
            return decode0(b, aborted);
        } catch (RuntimeException | DataFormatException | OutOfMemoryError e) {
            return null;
        }
    }

    private static Result decode0(byte[] b, BooleanSupplier aborted) throws DataFormatException {
        if (b.length < 33 || be32(b, 8) != 13 || !type(b, 12, "IHDR")) {
            return null;
        }
        long w = be32(b, 16) & 0xFFFFFFFFL;
        long h = be32(b, 20) & 0xFFFFFFFFL;
        int depth = b[24] & 0xFF;
        int ct = b[25] & 0xFF;
        if (b[26] != 0 || b[27] != 0 || b[28] != 0 || w <= 0 || h <= 0) {
            return null; // compression / filter method, interlaced
        }
        int samples;
        switch (ct) {
            case 0 -> {
                samples = 1;
                if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) {
                    return null;
                }
            }
            case 2 -> samples = 3;
            case 4 -> samples = 2;
            case 6 -> samples = 4;
            default -> {
                return null; // palette (and invalid types): JDK reader
            }
        }
        if (ct != 0 && depth != 8 && depth != 16) {
            return null;
        }
        long rowBytesL = (w * samples * depth + 7) / 8;
        long n = w * h;
        if (rowBytesL + 1 > Integer.MAX_VALUE / 2 || n * Math.min(3, samples) > Integer.MAX_VALUE - 16) {
            return null;
        }
        int width = (int) w;
        int height = (int) h;
        int rowBytes = (int) rowBytesL;
        // chunks up to the IDAT run; IHDR's CRC is at 29..32
        int p = 33;
        int idat = -1;
        while (p + 12 <= b.length) {
            long len = be32(b, p) & 0xFFFFFFFFL;
            if (p + 12 + len > b.length) {
                return null;
            }
            if (type(b, p + 4, "IDAT")) {
                idat = p;
                break;
            }
            if (type(b, p + 4, "tRNS") || type(b, p + 4, "PLTE") || type(b, p + 4, "IEND")
                    || type(b, p + 4, "IHDR")) {
                return null;
            }
            p += 12 + (int) len;
        }
        if (idat < 0) {
            return null;
        }
        int bpp = Math.max(1, samples * depth / 8); // filter byte distance
        int stride = rowBytes + 1;
        // inflate batches of whole rows (zlib is much faster with large output windows than row by row)
        int batchRows = (int) Math.max(1, Math.min(height, (256 * 1024) / stride));
        byte[] buf = new byte[batchRows * stride];
        byte[] prev = new byte[stride]; // filter byte slot + previous row, zero for the first row
        int channels = ct == 0 || ct == 4 ? 1 : 3;
        boolean alpha = ct == 4 || ct == 6;
        byte[] px = new byte[(int) (n * channels)];
        byte[] al = alpha ? new byte[(int) n] : null;
        Inflater inf = new Inflater();
        try {
            int chunk = idat;
            for (int y0 = 0; y0 < height; y0 += batchRows) {
                if (aborted.getAsBoolean()) {
                    return null;
                }
                int rows = Math.min(batchRows, height - y0);
                chunk = fill(inf, b, chunk, buf, rows * stride);
                if (chunk == -2) {
                    return null;
                }
                for (int r = 0; r < rows; r++) {
                    int o = r * stride;
                    byte[] pr = r == 0 ? prev : buf;
                    int po = r == 0 ? 0 : o - stride;
                    if (!unfilter(buf[o] & 0xFF, buf, o + 1, pr, po + 1, rowBytes, bpp)) {
                        return null;
                    }
                    convertRow(buf, o + 1, y0 + r, width, ct, depth, px, al);
                }
                System.arraycopy(buf, (rows - 1) * stride, prev, 0, stride);
            }
        } finally {
            inf.end();
        }
        return new Result(width, height, new PixelConverter.Pixels(channels, px, al));
    }

    /**
     * Inflates exactly {@code len} bytes into {@code out}, feeding the IDAT chunks starting at {@code chunk}
     * (offset of the chunk's length field; -1 when all were fed). Returns the next chunk state, -2 on failure.
     */
    private static int fill(Inflater inf, byte[] b, int chunk, byte[] out, int len) throws DataFormatException {
        int off = 0;
        while (off < len) {
            int k = inf.inflate(out, off, len - off);
            off += k;
            if (off == len) {
                break;
            }
            if (k == 0) {
                if (inf.finished() || inf.needsDictionary() || !inf.needsInput()) {
                    return -2;
                }
                {
                    if (chunk < 0 || chunk + 12 > b.length || !type(b, chunk + 4, "IDAT")) {
                        return -2;
                    }
                    int clen = be32(b, chunk);
                    if (clen < 0 || chunk + 12L + clen > b.length) {
                        return -2;
                    }
                    inf.setInput(b, chunk + 8, clen);
                    chunk += 12 + clen;
                }
            }
        }
        return chunk;
    }

    private static boolean unfilter(int f, byte[] cur, int co, byte[] prev, int po, int n, int bpp) {
        switch (f) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    cur[co + i] += cur[co + i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    cur[co + i] += prev[po + i];
                }
            }
            case 3 -> {
                for (int i = 0; i < bpp; i++) {
                    cur[co + i] += (byte) ((prev[po + i] & 0xFF) >> 1);
                }
                for (int i = bpp; i < n; i++) {
                    cur[co + i] += (byte) (((cur[co + i - bpp] & 0xFF) + (prev[po + i] & 0xFF)) >> 1);
                }
            }
            case 4 -> {
                for (int i = 0; i < bpp; i++) {
                    cur[co + i] += prev[po + i]; // paeth(0, b, 0) = b
                }
                for (int i = bpp; i < n; i++) {
                    int a = cur[co + i - bpp] & 0xFF;
                    int bb = prev[po + i] & 0xFF;
                    int c = prev[po + i - bpp] & 0xFF;
                    // branch-free Paeth predictor: pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                    int da = bb - c;
                    int db = a - c;
                    int pa = (da ^ (da >> 31)) - (da >> 31);
                    int pb = (db ^ (db >> 31)) - (db >> 31);
                    int dc = da + db;
                    int pc = (dc ^ (dc >> 31)) - (dc >> 31);
                    int t = bb ^ ((bb ^ c) & ((pc - pb) >> 31));
                    int pred = a ^ ((a ^ t) & (((pb - pa) | (pc - pa)) >> 31));
                    cur[co + i] += (byte) pred;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Same values as {@link PixelConverter#fromImage} on the JDK reader's raster. */
    private static void convertRow(byte[] row, int ro, int y, int w, int ct, int depth, byte[] px, byte[] al) {
        int base = y * w;
        if (depth == 8) {
            switch (ct) {
                case 0 -> System.arraycopy(row, ro, px, base, w);
                case 2 -> System.arraycopy(row, ro, px, base * 3, w * 3);
                case 4 -> {
                    for (int x = 0, s = ro; x < w; x++, s += 2) {
                        px[base + x] = row[s];
                        al[base + x] = row[s + 1];
                    }
                }
                default -> {
                    for (int x = 0, s = ro, d = base * 3; x < w; x++, s += 4, d += 3) {
                        px[d] = row[s];
                        px[d + 1] = row[s + 1];
                        px[d + 2] = row[s + 2];
                        al[base + x] = row[s + 3];
                    }
                }
            }
            return;
        }
        if (depth == 16) {
            int samples = ct == 0 ? 1 : ct == 2 ? 3 : ct == 4 ? 2 : 4;
            int colour = ct == 0 || ct == 4 ? 1 : 3;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < samples; c++) {
                    int s = ro + 2 * (x * samples + c);
                    int v = PixelConverter.quantumToChar(((row[s] & 0xFF) << 8) | (row[s + 1] & 0xFF));
                    if (c < colour) {
                        px[(base + x) * colour + c] = (byte) v;
                    } else {
                        al[base + x] = (byte) v;
                    }
                }
            }
            return;
        }
        // grey 1, 2, 4 bits: the JDK's grey IndexColorModel ramp i * 255 / (2^depth - 1)
        int max = (1 << depth) - 1;
        int perByte = 8 / depth;
        for (int x = 0; x < w; x++) {
            int v = (row[ro + x / perByte] & 0xFF) >> (8 - depth * (x % perByte + 1)) & max;
            px[base + x] = (byte) (v * 255 / max);
        }
    }
}

package io.safetyplane.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images built in-process. */
final class Fixtures {

    private Fixtures() {
    }

    /** A smooth colour gradient, so JPEG stays close to the source. */
    static BufferedImage gradient(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = x * 255 / Math.max(1, w - 1);
                int g = y * 255 / Math.max(1, h - 1);
                int b = 128;
                img.setRGB(x, y, 0xFF000000 | r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    static byte[] write(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format + " / type " + img.getType());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(BufferedImage img, boolean progressive) {
        try {
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.95f);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                w.setOutput(ios);
                w.write(null, new IIOImage(img, null, null), p);
            }
            w.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts an APP1 Exif segment with an IFD0 holding only Orientation, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
                (byte) orientation, 0, 0, 0, 0, 0, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
                0, (byte) orientation, 0, 0, 0, 0, 0, 0});
        }
        byte[] t = tiff.toByteArray();
        int len = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(t);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A PNG with the given IHDR and an empty IDAT; CRCs are correct. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        be32(ihdr, 0, width);
        be32(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        be32(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        be32(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void be32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /** GIF89a whose logical screen and first image descriptor claim w x h; no usable image data. */
    static byte[] gifHeader(int w, int h) {
        return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), 0, 0, 0,
            0x2C, 0, 0, 0, 0, (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), 0, 2, 2, 0x4C, 0x01, 0, 0x3B};
    }

    /** BMP (BITMAPINFOHEADER, 24 bpp) claiming w x h with no pixel data. */
    static byte[] bmpHeader(int w, int h) {
        byte[] b = new byte[54];
        b[0] = 'B';
        b[1] = 'M';
        le32(b, 2, 54);
        le32(b, 10, 54);
        le32(b, 14, 40);
        le32(b, 18, w);
        le32(b, 22, h);
        b[26] = 1;
        b[28] = 24;
        return b;
    }

    /** WebP VP8X canvas header claiming w x h (24-bit fields). */
    static byte[] webpVp8xHeader(int w, int h) {
        byte[] b = new byte[30];
        System.arraycopy("RIFF".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 4);
        le32(b, 4, 22);
        System.arraycopy("WEBPVP8X".getBytes(StandardCharsets.ISO_8859_1), 0, b, 8, 8);
        le32(b, 16, 10);
        le24(b, 24, w - 1);
        le24(b, 27, h - 1);
        return b;
    }

    /**
     * A hand-built 2x2 lossless WebP (VP8L): no transforms, simple prefix codes. Green alternates 10/240, red 200,
     * blue 50, alpha 255 except pixel (0,1) = 128. Pixels row-major: g = 10, 240, 240, 10.
     */
    static byte[] losslessWebp2x2() {
        Bits b = new Bits();
        b.put(0x2F, 8);
        b.put(2 - 1, 14);
        b.put(2 - 1, 14);
        b.put(1, 1); // alpha used
        b.put(0, 3); // version
        b.put(0, 1); // no transform
        b.put(0, 1); // no colour cache
        b.put(0, 1); // no meta prefix codes
        simple(b, 10, 240); // green
        simple(b, 200); // red
        simple(b, 50); // blue
        simple(b, 128, 255); // alpha
        b.put(1, 1); // distance: simple, 1 symbol, 1-bit symbol 0
        b.put(0, 1);
        b.put(0, 1);
        b.put(0, 1);
        int[] green = {0, 1, 1, 0};
        int[] alpha = {1, 1, 0, 1};
        for (int i = 0; i < 4; i++) {
            b.put(green[i], 1);
            b.put(alpha[i], 1);
        }
        byte[] vp8l = b.done();
        int pad = vp8l.length & 1;
        byte[] f = new byte[20 + vp8l.length + pad];
        System.arraycopy("RIFF".getBytes(StandardCharsets.ISO_8859_1), 0, f, 0, 4);
        le32(f, 4, f.length - 8);
        System.arraycopy("WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1), 0, f, 8, 8);
        le32(f, 16, vp8l.length);
        System.arraycopy(vp8l, 0, f, 20, vp8l.length);
        return f;
    }

    private static void simple(Bits b, int... symbols) {
        b.put(1, 1); // simple code
        b.put(symbols.length - 1, 1);
        b.put(1, 1); // first symbol has 8 bits
        for (int s : symbols) {
            b.put(s, 8);
        }
    }

    /** LSB-first bit writer (VP8L bit order). */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int n;

        void put(int v, int bits) {
            for (int i = 0; i < bits; i++) {
                acc |= ((v >>> i) & 1) << n;
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
        }

        byte[] done() {
            if (n > 0) {
                out.write(acc);
            }
            return out.toByteArray();
        }
    }

    private static void le32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static void le24(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
    }
}

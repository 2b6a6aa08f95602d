package io.safetyplane.classifier;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Benign images made in the test, so that no fixture has to be shipped. */
final class Images {
    private Images() {
    }

    /** A colour gradient: red across, green down, blue on the diagonal. */
    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, new Color(x * 255 / (w - 1), y * 255 / (h - 1), (x + y) * 255 / (w + h - 2)).getRGB());
            }
        }
        return img;
    }

    /** Black and white squares of {@code cell} pixels. */
    static BufferedImage checkerboard(int size, int cell) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x, y, ((x / cell + y / cell) % 2 == 0) ? 0xFFFFFF : 0x000000);
            }
        }
        return img;
    }

    static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** The same colours with an alpha channel that varies over the image (never composited by the classifier). */
    static BufferedImage withAlpha(BufferedImage rgb) {
        BufferedImage img = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int a = 16 + (x * 7 + y * 3) % 240;
                img.setRGB(x, y, (a << 24) | (rgb.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return img;
    }

    /** A grey ramp with a bright disc, 8-bit grey. */
    static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, greyValue(x, y, w, h));
            }
        }
        return img;
    }

    static int greyValue(int x, int y, int w, int h) {
        int dx = x - w / 2;
        int dy = y - h / 2;
        return dx * dx + dy * dy < (w * w) / 16 ? 230 : 20 + x * 180 / w;
    }

    /** {@link #grey} as RGB with R = G = B. */
    static BufferedImage greyAsRgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = greyValue(x, y, w, h);
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    /** A 16-bit grey ramp. */
    static BufferedImage grey16(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, value16(x, y, w, h));
            }
        }
        return img;
    }

    static int value16(int x, int y, int w, int h) {
        return (int) ((long) (x * h + y) * 65535 / ((long) w * h));
    }

    /** {@link #grey16} reduced to 8 bits as nsfwjs' PNG decoder does: floor(v * 255 / 65535 + 0.5). */
    static BufferedImage grey16As8(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, (int) Math.floor(value16(x, y, w, h) * 255.0 / 65535.0 + 0.5));
            }
        }
        return img;
    }

    /** The image turned 90 degrees counter-clockwise (what a camera stores with EXIF orientation 6). */
    static BufferedImage rotateCounterClockwise(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getHeight(), src.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(y, src.getWidth() - 1 - x, src.getRGB(x, y));
            }
        }
        return out;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    /** An animated GIF of the frames, in order. */
    static byte[] animatedGif(BufferedImage... frames) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (BufferedImage f : frames) {
                    writer.writeToSequence(new IIOImage(f, null, null), null);
                }
                writer.endWriteSequence();
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts an APP1 Exif segment whose IFD0 holds only Orientation, right after SOI (big-endian TIFF). */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0 };
        int len = 2 + 6 + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A valid PNG signature and IHDR chunk declaring {@code width}×{@code height}, with a correct CRC, and no pixel data. */
    static byte[] pngHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25);
        b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
        b.putInt(13);
        int crcStart = b.position();
        b.put(new byte[] { 'I', 'H', 'D', 'R' });
        b.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), crcStart, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}

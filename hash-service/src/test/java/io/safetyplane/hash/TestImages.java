package io.safetyplane.hash;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.ImageIO;

/** Images made in the test, so that no fixture has to be shipped. */
public final class TestImages {
    private TestImages() {
    }

    /** A picture of random shapes; different seeds give unrelated pictures with PDQ quality 100. */
    public static BufferedImage shapes(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int w = 10 + random.nextInt(width / 2);
            int h = 10 + random.nextInt(height / 2);
            if (random.nextBoolean()) {
                g.fillOval(random.nextInt(width) - w / 2, random.nextInt(height) - h / 2, w, h);
            } else {
                g.fillRect(random.nextInt(width) - w / 2, random.nextInt(height) - h / 2, w, h);
            }
        }
        g.dispose();
        return img;
    }

    /** The image turned 90 degrees clockwise. */
    public static BufferedImage rotate90(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getHeight(), src.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(src.getHeight() - 1 - y, x, src.getRGB(x, y));
            }
        }
        return out;
    }

    public static byte[] encode(BufferedImage img, String format) {
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

    public static byte[] png(long seed) {
        return encode(shapes(seed, 320, 240), "png");
    }

    /** A valid PNG signature and IHDR chunk declaring {@code width}×{@code height}, with a correct CRC, and no pixel data. */
    public static byte[] pngHeader(int width, int height) {
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

package io.safetyplane.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link PdqHasher#hash(byte[], MediaDecoder)} must equal decode + {@link PdqHasher#hash(DecodedImage)}. */
class PdqFastPathTest {

    private static final MediaDecoder DECODER = new MediaDecoder(MediaLimits.defaults());
    private static final PdqHasher HASHER = new PdqHasher();

    private static byte[] encode(DecodedImage img, String format, boolean grey) throws Exception {
        int w = img.width();
        int h = img.height();
        BufferedImage b = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        byte[] px = img.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                if (grey) {
                    b.getRaster().setSample(x, y, 0, px[p] & 0xFF);
                } else {
                    b.setRGB(x, y, (px[p] & 0xFF) << 16 | (px[p + 1] & 0xFF) << 8 | (px[p + 2] & 0xFF));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(b, format, out);
        return out.toByteArray();
    }

    @Test
    void fusedJaroszAndDecimateIsBitIdentical() {
        java.util.Random rnd = new java.util.Random(11);
        int[][] sizes = {{5, 5}, {5, 9}, {17, 300}, {64, 65}, {127, 129}, {512, 512}, {300, 17}, {1000, 700}};
        for (int[] s : sizes) {
            int rows = s[0];
            int cols = s[1];
            float[] src = new float[rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = rnd.nextInt(4) == 0 ? rnd.nextFloat() * 255 : (i % 251) * 0.299f + 1.5f;
            }
            int wr = PdqCore.jaroszWindowSize(cols, 64);
            int wc = PdqCore.jaroszWindowSize(rows, 64);
            float[] a1 = src.clone();
            float[] a2 = new float[src.length];
            PdqCore.jaroszFilter(a1, a2, rows, cols, wr, wc, PdqCore.NUM_JAROSZ_XY_PASSES);
            float[] expected = new float[64 * 64];
            PdqCore.decimate(a1, rows, cols, expected, 64, 64);
            float[] b1 = src.clone();
            float[] b2 = new float[src.length];
            float[] actual = new float[64 * 64];
            PdqCore.jaroszFilterAndDecimate(b1, b2, new float[cols], rows, cols, wr, wc,
                    PdqCore.NUM_JAROSZ_XY_PASSES, actual, 64, 64);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        rows + "x" + cols + " at " + i);
            }
        }
    }

    @Test
    void fastPathEqualsFullPath() throws Exception {
        int[][] sizes = {{1100, 700}, {513, 200}, {300, 900}, {512, 512}, {200, 150}, {4, 4}};
        for (int[] s : sizes) {
            DecodedImage img = Images.shapes(s[0], s[1], s[0] + s[1]);
            for (String format : new String[] {"png", "jpeg", "bmp"}) {
                for (boolean grey : new boolean[] {false, true}) {
                    byte[] bytes = encode(img, format, grey);
                    PdqResult full = HASHER.hash(DECODER.decode(bytes));
                    PdqResult fast = HASHER.hash(bytes, DECODER);
                    String what = s[0] + "x" + s[1] + " " + format + (grey ? " grey" : "");
                    assertEquals(full.quality(), fast.quality(), what);
                    assertEquals(full.dihedrals(), fast.dihedrals(), what);
                }
            }
        }
    }
}

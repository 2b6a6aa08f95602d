package io.safetyplane.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.media.MediaRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/** The speed-ups must not change any output: progressive transcoding and sampled decoding. */
class FastPathTest {

    private final MediaDecoder decoder = new MediaDecoder(MediaLimits.defaults());

    /** Noisy, detailed content so that every coefficient band and the refinement scans carry data. */
    private static BufferedImage busy(int w, int h, int type, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random rnd = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / Math.max(1, w - 1) + rnd.nextInt(60)) & 0xFF;
                int g = (y * 255 / Math.max(1, h - 1) + ((x / 7 + y / 5) % 2) * 90) & 0xFF;
                int b = (int) (128 + 100 * Math.sin(x * 0.3) * Math.cos(y * 0.2)) & 0xFF;
                img.setRGB(x, y, 0xFF000000 | r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** JDK-written JPEG, optionally progressive and with a DRI restart interval (in MCUs). */
    private static byte[] jpeg(BufferedImage img, boolean progressive, int restartInterval, float quality)
            throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata md = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), p);
        if (restartInterval > 0) {
            String f = "javax_imageio_jpeg_image_1.0";
            Node root = md.getAsTree(f);
            Node seq = root.getLastChild();
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restartInterval));
            seq.insertBefore(dri, seq.getFirstChild());
            md.setFromTree(f, root);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, md), p);
        }
        w.dispose();
        return out.toByteArray();
    }

    private static byte[] rawSamples(byte[] jpeg) throws Exception {
        ImageReader r = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            r.setInput(in, true, true);
            Raster raster = r.readRaster(0, null);
            return PixelConverter.interleaved8(raster);
        } finally {
            r.dispose();
        }
    }

    @Test
    void progressiveTranscodingKeepsEveryRawSample() throws Exception {
        int[][] sizes = {{1, 1}, {7, 9}, {97, 61}, {333, 250}, {64, 64}};
        int[] types = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY};
        int checked = 0;
        for (int[] s : sizes) {
            for (int type : types) {
                for (int dri : new int[] {0, 1, 3}) {
                    for (float q : new float[] {0.5f, 0.98f}) {
                        byte[] prog = jpeg(busy(s[0], s[1], type, s[0] * 31L + dri), true, dri, q);
                        assertEquals(dri > 0, hasMarker(prog, 0xDD), "DRI present");
                        assertTrue(ProgressiveJpeg.isProgressive(prog));
                        byte[] base = ProgressiveJpeg.toBaseline(prog);
                        String what = s[0] + "x" + s[1] + " type " + type + " dri " + dri + " q " + q;
                        assertNotNull(base, what);
                        assertTrue(!ProgressiveJpeg.isProgressive(base), what);
                        assertArrayEquals(rawSamples(prog), rawSamples(base), what);
                        checked++;
                    }
                }
            }
        }
        assertEquals(60, checked);
    }

    private static boolean hasMarker(byte[] b, int marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) {
                return true;
            }
        }
        return false;
    }

    private static BufferedImage withRaster(BufferedImage like, int w, int h, long seed) {
        java.awt.image.WritableRaster r = like.getColorModel().createCompatibleWritableRaster(w, h);
        Random rnd = new Random(seed);
        int bands = r.getNumBands();
        int[] bits = r.getSampleModel().getSampleSize();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < bands; c++) {
                    int max = (1 << bits[c]) - 1;
                    int v = (x * 37 + y * 11 + c * 50) % (max + 1);
                    r.setSample(x, y, c, rnd.nextInt(4) == 0 ? rnd.nextInt(max + 1) : v);
                }
            }
        }
        return new BufferedImage(like.getColorModel(), r, like.isAlphaPremultiplied(), null);
    }

    @Test
    void fastPngDecoderGivesTheJdkReadersPixels() throws Exception {
        java.awt.color.ColorSpace grey = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY);
        java.awt.color.ColorSpace srgb = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        java.util.List<BufferedImage> kinds = new java.util.ArrayList<>();
        for (int t : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_BYTE_BINARY}) {
            kinds.add(new BufferedImage(1, 1, t));
        }
        for (int[] spec : new int[][] {{1, 1}, {1, 0}, {3, 1}, {3, 0}}) { // 16-bit grey+alpha, RGB(A)
            java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                    spec[0] == 1 ? grey : srgb, spec[1] == 1, false,
                    spec[1] == 1 ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE,
                    java.awt.image.DataBuffer.TYPE_USHORT);
            kinds.add(new BufferedImage(cm, cm.createCompatibleWritableRaster(1, 1), false, null));
        }
        for (int bits : new int[] {2, 4}) { // packed grey written as PNG grey 2/4-bit
            int n = 1 << bits;
            byte[] ramp = new byte[n];
            for (int i = 0; i < n; i++) {
                ramp[i] = (byte) (i * 255 / (n - 1));
            }
            java.awt.image.IndexColorModel icm = new java.awt.image.IndexColorModel(bits, n, ramp, ramp, ramp);
            kinds.add(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, icm));
        }
        int fast = 0;
        for (BufferedImage like : kinds) {
            for (int[] s : new int[][] {{1, 1}, {13, 7}, {101, 37}}) {
                BufferedImage img = withRaster(like, s[0], s[1], s[0] * 7L + like.getType());
                byte[] png = Fixtures.write(img, "png");
                BufferedImage jdk = ImageIO.read(new ByteArrayInputStream(png));
                PixelConverter.Pixels ref = PixelConverter.fromImage(jdk.getRaster(), jdk.getColorModel());
                FastPng.Result r = FastPng.decode(png, () -> false);
                String what = like + " " + s[0] + "x" + s[1] + " colour type " + png[25] + " depth " + png[24];
                if (png[25] == 3) {
                    assertNull(r, what);
                    continue;
                }
                assertNotNull(r, what);
                assertEquals(s[0], r.width(), what);
                assertEquals(s[1], r.height(), what);
                assertEquals(ref.channels(), r.pixels().channels(), what);
                assertArrayEquals(ref.pixels(), r.pixels().pixels(), what);
                assertArrayEquals(ref.alpha(), r.pixels().alpha(), what);
                fast++;
            }
        }
        assertTrue(fast >= 30, "fast-path PNGs checked: " + fast);
        byte[] png = Fixtures.write(busy(120, 90, BufferedImage.TYPE_INT_ARGB, 9), "png");
        int half = png.length / 2;
        assertNull(FastPng.decode(Arrays.copyOf(png, half), () -> false));
        assertEquals(Reason.CORRUPT, assertThrows(MediaRejectedException.class,
                () -> decoder.decode(Arrays.copyOf(png, half))).reason());
        // without the zlib checksum and IEND: no fast decode; the JDK reader decides (it accepts this)
        assertNull(FastPng.decode(Arrays.copyOf(png, png.length - 20), () -> false));
        assertNull(FastPng.decode(png, () -> true), "aborted");
    }

    @Test
    void baselineJpegsAreNotTranscoded() throws Exception {
        byte[] base = jpeg(busy(50, 40, BufferedImage.TYPE_INT_RGB, 1), false, 0, 0.9f);
        assertTrue(!ProgressiveJpeg.isProgressive(base));
        assertNull(ProgressiveJpeg.toBaseline(base));
    }

    @Test
    void damagedProgressiveJpegsFallBackToTheJdkDecoder() throws Exception {
        byte[] prog = jpeg(busy(200, 150, BufferedImage.TYPE_INT_RGB, 2), true, 0, 0.9f);
        for (int cut : new int[] {prog.length / 2, prog.length * 3 / 4, prog.length - 10}) {
            byte[] t = Arrays.copyOf(prog, cut);
            assertNull(ProgressiveJpeg.toBaseline(t), "cut at " + cut);
            MediaRejectedException e = assertThrows(MediaRejectedException.class, () -> decoder.decode(t));
            assertEquals(Reason.CORRUPT, e.reason(), "cut at " + cut + ": " + e.getMessage());
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 60; i++) {
            byte[] b = prog.clone();
            for (int k = 0; k < 1 + rnd.nextInt(6); k++) {
                b[2 + rnd.nextInt(b.length - 2)] = (byte) rnd.nextInt(256);
            }
            byte[] t = ProgressiveJpeg.toBaseline(b); // must never throw
            if (t != null) {
                assertArrayEquals(rawSamples(b), rawSamples(t), "garbled " + i);
            }
        }
    }

    @Test
    void decodeOfProgressiveMatchesTheJdksOwnProgressiveDecode() throws Exception {
        byte[] prog = jpeg(busy(181, 123, BufferedImage.TYPE_INT_RGB, 3), true, 0, 0.9f);
        DecodedImage img = decoder.decode(prog);
        // the JDK's own colour conversion of the original (progressive) bytes
        Raster ref = ImageIO.read(new ByteArrayInputStream(prog)).getRaster();
        for (int y = 0; y < 123; y++) {
            for (int x = 0; x < 181; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(ref.getSample(x, y, c), img.pixels()[(y * 181 + x) * 3 + c] & 0xFF,
                            "pixel " + x + "," + y + " band " + c);
                }
            }
        }
    }

    private static void assertSampledMatches(DecodedImage full, DecodedImage sampled, int maxSide) {
        boolean resize = full.width() > maxSide || full.height() > maxSide;
        int nw = resize ? maxSide : full.width();
        int nh = resize ? maxSide : full.height();
        assertEquals(nw, sampled.width());
        assertEquals(nh, sampled.height());
        assertEquals(full.format(), sampled.format());
        assertEquals(full.exifOrientation(), sampled.exifOrientation());
        assertEquals(full.alpha() == null, sampled.alpha() == null);
        byte[] fp = full.pixels();
        boolean neutral = full.channels() == 1;
        if (!neutral) {
            neutral = true;
            for (int i = 0; i < fp.length && neutral; i += 3) {
                neutral = fp[i] == fp[i + 1] && fp[i] == fp[i + 2];
            }
        }
        assertEquals(neutral ? 1 : 3, sampled.channels());
        int fc = full.channels();
        int sc = sampled.channels();
        for (int y = 0; y < nh; y++) {
            int sy = (int) ((long) y * full.height() / nh);
            for (int x = 0; x < nw; x++) {
                int sx = (int) ((long) x * full.width() / nw);
                int s = sy * full.width() + sx;
                int d = y * nw + x;
                for (int c = 0; c < sc; c++) {
                    assertEquals(fp[s * fc + c], sampled.pixels()[d * sc + c], "pixel " + x + "," + y);
                }
                if (full.alpha() != null) {
                    assertEquals(full.alpha()[s], sampled.alpha()[d]);
                }
            }
        }
    }

    @Test
    void sampledDecodeEqualsFullDecodeAtTheSampledPositions() throws Exception {
        BufferedImage rgb = busy(700, 333, BufferedImage.TYPE_INT_RGB, 4);
        BufferedImage argb = busy(150, 620, BufferedImage.TYPE_INT_ARGB, 5);
        BufferedImage grey = busy(600, 600, BufferedImage.TYPE_BYTE_GRAY, 6);
        // RGB pixels that are all neutral (R = G = B) except one that no sampling grid of 512 hits
        BufferedImage neutral = new BufferedImage(1030, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 1030; x++) {
                int v = (x * 7 + y * 3) & 0xFF;
                neutral.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        BufferedImage almost = new BufferedImage(1030, 40, BufferedImage.TYPE_INT_RGB);
        almost.setData(neutral.getData());
        almost.setRGB(1, 0, 0xFF0000);
        byte[][] inputs = {
            jpeg(rgb, false, 0, 0.9f), jpeg(rgb, true, 2, 0.9f), jpeg(grey, false, 0, 0.9f),
            Fixtures.write(rgb, "png"), Fixtures.write(argb, "png"), Fixtures.write(grey, "png"),
            Fixtures.write(neutral, "png"), Fixtures.write(almost, "png"), Fixtures.write(rgb, "bmp"),
            Fixtures.write(busy(40, 30, BufferedImage.TYPE_INT_RGB, 8), "png")};
        for (byte[] in : inputs) {
            DecodedImage full = decoder.decode(in);
            for (int maxSide : new int[] {512, 64, 1, 100000}) {
                assertSampledMatches(full, decoder.decodeSampled(in, maxSide), maxSide);
            }
        }
        DecodedImage a = decoder.decodeSampled(Fixtures.write(almost, "png"), 512);
        assertEquals(3, a.channels(), "the full image is not neutral even though every sample is");
        assertThrows(IllegalArgumentException.class, () -> decoder.decodeSampled(inputs[0], 0));
        assertEquals(Reason.EMPTY,
                assertThrows(MediaRejectedException.class, () -> decoder.decodeSampled(new byte[0], 512)).reason());
    }

    @Test
    void sampledJpegNeutralityIsDecidedOnTheFullImage() throws Exception {
        // a neutral YCbCr JPEG (greyscale content stored as colour) and one with a single coloured block
        BufferedImage g = new BufferedImage(1024, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 1024; x++) {
                g.setRGB(x, y, 0x808080);
            }
        }
        byte[] neutral = jpeg(g, false, 0, 0.9f);
        assertSampledMatches(decoder.decode(neutral), decoder.decodeSampled(neutral, 512), 512);
        for (int y = 16; y < 24; y++) {
            for (int x = 17; x < 23; x++) {
                g.setRGB(x, y, 0xFF0000);
            }
        }
        byte[] spot = jpeg(g, false, 0, 0.9f);
        DecodedImage full = decoder.decode(spot);
        DecodedImage s = decoder.decodeSampled(spot, 512);
        assertEquals(3, full.channels());
        assertSampledMatches(full, s, 512);
    }
}

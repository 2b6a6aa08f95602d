package io.safetyplane.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.safetyplane.media.MediaRejectedException.Reason;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MediaDecoderTest {

    private final MediaDecoder decoder = new MediaDecoder(MediaLimits.defaults());

    private static Reason reject(MediaDecoder d, byte[] bytes) {
        return assertThrows(MediaRejectedException.class, () -> d.decode(bytes)).reason();
    }

    private static int at(DecodedImage img, int x, int y, int c) {
        return img.pixels()[(y * img.width() + x) * img.channels() + c] & 0xFF;
    }

    // ------------------------------------------------------------------ formats

    @Test
    void jpegRgbDecodesCloseToSource() throws Exception {
        BufferedImage src = Fixtures.gradient(64, 48, BufferedImage.TYPE_INT_RGB);
        DecodedImage img = decoder.decode(Fixtures.jpeg(src, false));
        assertEquals(MediaFormat.JPEG, img.format());
        assertEquals(64, img.width());
        assertEquals(48, img.height());
        assertEquals(3, img.channels());
        assertNull(img.alpha());
        assertEquals(1, img.exifOrientation());
        for (int[] p : new int[][] {{0, 0}, {63, 47}, {32, 20}}) {
            int rgb = src.getRGB(p[0], p[1]);
            assertTrue(Math.abs(at(img, p[0], p[1], 0) - (rgb >> 16 & 0xFF)) <= 12);
            assertTrue(Math.abs(at(img, p[0], p[1], 1) - (rgb >> 8 & 0xFF)) <= 12);
            assertTrue(Math.abs(at(img, p[0], p[1], 2) - (rgb & 0xFF)) <= 12);
        }
    }

    @Test
    void jpegColourConversionMatchesLibjpeg() throws Exception {
        // decode() reads raw YCbCr and converts with libjpeg's integer tables; the JDK's own (libjpeg) conversion
        // of an ICC-free JPEG must give identical bytes.
        byte[] jpg = Fixtures.jpeg(Fixtures.gradient(97, 61, BufferedImage.TYPE_INT_RGB), false);
        DecodedImage img = decoder.decode(jpg);
        Raster ref = ImageIO.read(new java.io.ByteArrayInputStream(jpg)).getRaster();
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 97; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(ref.getSample(x, y, c), at(img, x, y, c), "pixel " + x + "," + y + " band " + c);
                }
            }
        }
    }

    @Test
    void jpegGreyStaysOneChannel() throws Exception {
        DecodedImage img = decoder.decode(Fixtures.jpeg(Fixtures.gradient(40, 30, BufferedImage.TYPE_BYTE_GRAY), false));
        assertEquals(1, img.channels());
        assertEquals(40 * 30, img.pixels().length);
    }

    @Test
    void progressiveJpegDecodes() throws Exception {
        BufferedImage src = Fixtures.gradient(80, 60, BufferedImage.TYPE_INT_RGB);
        DecodedImage prog = decoder.decode(Fixtures.jpeg(src, true));
        DecodedImage base = decoder.decode(Fixtures.jpeg(src, false));
        assertEquals(80, prog.width());
        assertEquals(3, prog.channels());
        assertTrue(Math.abs(at(prog, 40, 30, 0) - at(base, 40, 30, 0)) <= 4);
    }

    @Test
    void pngRgbIsLossless() throws Exception {
        BufferedImage src = Fixtures.gradient(33, 17, BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage img = decoder.decode(Fixtures.write(src, "png"));
        assertEquals(MediaFormat.PNG, img.format());
        assertEquals(3, img.channels());
        assertNull(img.alpha());
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 33; x++) {
                int rgb = src.getRGB(x, y);
                assertEquals(rgb >> 16 & 0xFF, at(img, x, y, 0));
                assertEquals(rgb >> 8 & 0xFF, at(img, x, y, 1));
                assertEquals(rgb & 0xFF, at(img, x, y, 2));
            }
        }
    }

    @Test
    void pngRgbaKeepsAlphaSeparateAndUncomposited() throws Exception {
        BufferedImage src = new BufferedImage(4, 2, BufferedImage.TYPE_INT_ARGB);
        src.setRGB(0, 0, 0x00FF0000); // fully transparent red
        src.setRGB(1, 0, 0x8000FF00); // half-transparent green
        src.setRGB(2, 0, 0xFF0000FF);
        DecodedImage img = decoder.decode(Fixtures.write(src, "png"));
        assertEquals(3, img.channels());
        assertNotNull(img.alpha());
        assertEquals(0, img.alpha()[0] & 0xFF);
        assertEquals(0x80, img.alpha()[1] & 0xFF);
        assertEquals(0xFF, img.alpha()[2] & 0xFF);
        assertEquals(255, at(img, 0, 0, 0)); // colour kept under alpha 0
        assertEquals(255, at(img, 1, 0, 1));
        assertEquals(255, at(img, 2, 0, 2));
    }

    @Test
    void pngGreyVariantsStayOneChannel() throws Exception {
        BufferedImage grey = Fixtures.gradient(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        DecodedImage g = decoder.decode(Fixtures.write(grey, "png"));
        assertEquals(1, g.channels());
        assertEquals(grey.getRaster().getSample(19, 9, 0), at(g, 19, 9, 0));

        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 0);
        g16.getRaster().setSample(1, 0, 0, 100 * 257);
        g16.getRaster().setSample(2, 0, 0, 65535);
        DecodedImage s = decoder.decode(Fixtures.write(g16, "png"));
        assertEquals(1, s.channels());
        assertArrayEquals(new byte[] {0, 100, (byte) 255}, s.pixels());

        BufferedImage bilevel = new BufferedImage(9, 1, BufferedImage.TYPE_BYTE_BINARY);
        bilevel.getRaster().setSample(3, 0, 0, 1);
        DecodedImage b = decoder.decode(Fixtures.write(bilevel, "png"));
        assertEquals(1, b.channels());
        assertEquals(0, at(b, 0, 0, 0));
        assertEquals(255, at(b, 3, 0, 0));

        ComponentColorModel la = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = la.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {77, 200});
        r.setPixel(1, 0, new int[] {150, 10});
        DecodedImage ga = decoder.decode(Fixtures.write(new BufferedImage(la, r, false, null), "png"));
        assertEquals(1, ga.channels());
        assertArrayEquals(new byte[] {77, (byte) 150}, ga.pixels());
        assertArrayEquals(new byte[] {(byte) 200, 10}, ga.alpha());
    }

    @Test
    void pngPaletteBecomesRgb() throws Exception {
        byte[] rs = {(byte) 255, 0, 10};
        byte[] gs = {0, (byte) 255, 20};
        byte[] bs = {0, 0, 30};
        IndexColorModel icm = new IndexColorModel(8, 3, rs, gs, bs);
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        img.getRaster().setSample(0, 0, 0, 2);
        img.getRaster().setSample(1, 0, 0, 0);
        img.getRaster().setSample(2, 0, 0, 1);
        DecodedImage d = decoder.decode(Fixtures.write(img, "png"));
        assertEquals(3, d.channels());
        assertArrayEquals(new byte[] {10, 20, 30, (byte) 255, 0, 0, 0, (byte) 255, 0}, d.pixels());
    }

    @Test
    void gifFirstFrameDecodesViaPalette() throws Exception {
        BufferedImage src = Fixtures.gradient(16, 8, BufferedImage.TYPE_BYTE_INDEXED);
        DecodedImage d = decoder.decode(Fixtures.write(src, "gif"));
        assertEquals(MediaFormat.GIF, d.format());
        assertEquals(16, d.width());
        assertEquals(8, d.height());
        assertEquals(3, d.channels());
        int rgb = src.getRGB(5, 3);
        assertEquals(rgb >> 16 & 0xFF, at(d, 5, 3, 0));
        assertEquals(rgb >> 8 & 0xFF, at(d, 5, 3, 1));
        assertEquals(rgb & 0xFF, at(d, 5, 3, 2));
    }

    @Test
    void bmpDecodes() throws Exception {
        BufferedImage src = Fixtures.gradient(13, 7, BufferedImage.TYPE_3BYTE_BGR);
        DecodedImage d = decoder.decode(Fixtures.write(src, "bmp"));
        assertEquals(MediaFormat.BMP, d.format());
        assertEquals(3, d.channels());
        int rgb = src.getRGB(12, 6);
        assertEquals(rgb >> 16 & 0xFF, at(d, 12, 6, 0));
        assertEquals(rgb >> 8 & 0xFF, at(d, 12, 6, 1));
        assertEquals(rgb & 0xFF, at(d, 12, 6, 2));
    }

    @Test
    void losslessWebpWithAlphaDecodes() throws Exception {
        DecodedImage d = decoder.decode(Fixtures.losslessWebp2x2());
        assertEquals(MediaFormat.WEBP, d.format());
        assertEquals(2, d.width());
        assertEquals(2, d.height());
        assertEquals(3, d.channels());
        assertArrayEquals(new byte[] {(byte) 200, 10, 50, (byte) 200, (byte) 240, 50, (byte) 200, (byte) 240, 50,
            (byte) 200, 10, 50}, d.pixels());
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 128, (byte) 255}, d.alpha());
    }

    @Test
    void probeReadsHeaderOnly() throws Exception {
        assertEquals(new ImageHeader(MediaFormat.PNG, 640, 480), decoder.probe(Fixtures.pngHeaderOnly(640, 480)));
        assertEquals(new ImageHeader(MediaFormat.GIF, 300, 200), decoder.probe(Fixtures.gifHeader(300, 200)));
        assertEquals(new ImageHeader(MediaFormat.BMP, 30, 20), decoder.probe(Fixtures.bmpHeader(30, -20)));
        assertEquals(new ImageHeader(MediaFormat.WEBP, 5000, 40), decoder.probe(Fixtures.webpVp8xHeader(5000, 40)));
        assertEquals(new ImageHeader(MediaFormat.WEBP, 2, 2), decoder.probe(Fixtures.losslessWebp2x2()));
        byte[] jpg = Fixtures.jpeg(Fixtures.gradient(70, 50, BufferedImage.TYPE_INT_RGB), false);
        assertEquals(new ImageHeader(MediaFormat.JPEG, 70, 50), decoder.probe(jpg));
    }

    // ------------------------------------------------------------------ rejections

    @Test
    void emptyInputIsEmpty() {
        assertEquals(Reason.EMPTY, reject(decoder, new byte[0]));
        assertEquals(Reason.EMPTY, reject(decoder, null));
    }

    @Test
    void nonImagesAreUnsupported() {
        for (String s : List.of("hello, world\n", "%PDF-1.4\n%...", "II*\0\u0008\0\0\0", "MM\0*\0\0\0\u0008",
                "RIFF\0\0\0\0WAVEfmt ")) {
            MediaRejectedException e = assertThrows(MediaRejectedException.class,
                    () -> decoder.decode(s.getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason(), s);
            assertTrue(e.getMessage().startsWith("unrecognised format"), e.getMessage());
        }
    }

    @Test
    void tooManyBytesIsTooLarge() {
        MediaDecoder small = new MediaDecoder(new MediaLimits(100, 1000, Duration.ofSeconds(1)));
        byte[] png = Fixtures.write(Fixtures.gradient(50, 50, BufferedImage.TYPE_3BYTE_BGR), "png");
        MediaRejectedException e = assertThrows(MediaRejectedException.class, () -> small.decode(png));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("input has " + png.length + " bytes, limit 100", e.getMessage());
        assertEquals(Reason.TOO_LARGE, reject(small, "not even an image, but more than 100 bytes".repeat(5)
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hugePngHeaderIsRejectedFastWithoutAllocating() {
        byte[] png = Fixtures.pngHeaderOnly(100_000, 100_000);
        MediaRejectedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(MediaRejectedException.class, () -> decoder.decode(png)));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertEquals("PNG header declares 100000x100000 = 10000000000 pixels, limit 50000000", e.getMessage());
    }

    @Test
    void hugeGifBmpWebpHeadersAreRejected() {
        assertEquals(Reason.TOO_MANY_PIXELS, reject(decoder, Fixtures.gifHeader(65535, 65535)));
        assertEquals(Reason.TOO_MANY_PIXELS, reject(decoder, Fixtures.bmpHeader(100_000, -100_000)));
        assertEquals(Reason.TOO_MANY_PIXELS, reject(decoder, Fixtures.webpVp8xHeader(16_000_000, 16_000)));
        MediaDecoder tight = new MediaDecoder(new MediaLimits(1 << 20, 100, Duration.ofSeconds(5)));
        assertEquals(Reason.TOO_MANY_PIXELS, reject(tight,
                Fixtures.jpeg(Fixtures.gradient(20, 20, BufferedImage.TYPE_INT_RGB), false)));
    }

    @Test
    void nonPositiveDimensionsAreCorrupt() {
        assertEquals(Reason.CORRUPT, reject(decoder, Fixtures.pngHeaderOnly(0, 10)));
        assertEquals(Reason.CORRUPT, reject(decoder, Fixtures.pngHeaderOnly(-5, 10)));
        assertEquals(Reason.CORRUPT, reject(decoder, Fixtures.bmpHeader(-3, 10)));
        assertEquals(Reason.CORRUPT, reject(decoder, Fixtures.gifHeader(0, 10)));
    }

    @Test
    void truncatedJpegIsCorrupt() {
        byte[] jpg = Fixtures.jpeg(Fixtures.gradient(200, 150, BufferedImage.TYPE_INT_RGB), false);
        for (int cut : new int[] {jpg.length / 2, jpg.length * 3 / 4, jpg.length - 10}) {
            MediaRejectedException e = assertThrows(MediaRejectedException.class,
                    () -> decoder.decode(Arrays.copyOf(jpg, cut)));
            assertEquals(Reason.CORRUPT, e.reason(), "cut at " + cut + ": " + e.getMessage());
        }
        assertEquals(Reason.CORRUPT, reject(decoder, Arrays.copyOf(jpg, 3)));
    }

    @Test
    void truncatedOrGarbledInputNeverEscapesAsRuntimeException() {
        Random rnd = new Random(42);
        List<byte[]> samples = List.of(
                Fixtures.jpeg(Fixtures.gradient(60, 40, BufferedImage.TYPE_INT_RGB), true),
                Fixtures.write(Fixtures.gradient(60, 40, BufferedImage.TYPE_INT_ARGB), "png"),
                Fixtures.write(Fixtures.gradient(60, 40, BufferedImage.TYPE_BYTE_INDEXED), "gif"),
                Fixtures.write(Fixtures.gradient(60, 40, BufferedImage.TYPE_3BYTE_BGR), "bmp"),
                Fixtures.losslessWebp2x2());
        for (byte[] sample : samples) {
            for (int i = 0; i < 40; i++) {
                byte[] b = Arrays.copyOf(sample, 1 + rnd.nextInt(sample.length));
                if (i % 2 == 1) {
                    b = sample.clone();
                    for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                        int p = 2 + rnd.nextInt(b.length - 2);
                        b[p] = (byte) rnd.nextInt(256);
                    }
                }
                try {
                    decoder.decode(b);
                } catch (MediaRejectedException e) {
                    assertTrue(e.reason() == Reason.CORRUPT || e.reason() == Reason.TOO_MANY_PIXELS
                            || e.reason() == Reason.UNSUPPORTED_FORMAT, e.reason() + ": " + e.getMessage());
                } catch (RuntimeException | Error e) {
                    fail("escaped: " + e, e);
                }
            }
        }
    }

    @Test
    void decodeTimeLimitGivesTimeout() {
        byte[] png = Fixtures.write(Fixtures.gradient(2500, 2500, BufferedImage.TYPE_3BYTE_BGR), "png");
        MediaDecoder hasty = new MediaDecoder(new MediaLimits(64L << 20, 50_000_000, Duration.ofMillis(1)));
        MediaRejectedException e = assertThrows(MediaRejectedException.class, () -> hasty.decode(png));
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertEquals("PNG decoding exceeded the limit of 1 ms", e.getMessage());
    }

    // ------------------------------------------------------------------ EXIF orientation

    @Test
    void exifOrientationIsReadFromJpegApp1InBothByteOrders() throws Exception {
        byte[] jpg = Fixtures.jpeg(Fixtures.gradient(30, 20, BufferedImage.TYPE_INT_RGB), false);
        assertEquals(1, decoder.decode(jpg).exifOrientation());
        DecodedImage six = decoder.decode(Fixtures.withExifOrientation(jpg, 6, true));
        assertEquals(6, six.exifOrientation());
        assertEquals(30, six.width()); // not applied
        assertEquals(8, decoder.decode(Fixtures.withExifOrientation(jpg, 8, false)).exifOrientation());
        assertEquals(1, decoder.decode(Fixtures.withExifOrientation(jpg, 0, false)).exifOrientation());
        assertEquals(1, decoder.decode(Fixtures.withExifOrientation(jpg, 99, true)).exifOrientation());
    }

    @Test
    void exifParserToleratesGarbage() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(64)];
            rnd.nextBytes(b);
            if (b.length > 4 && i % 2 == 0) {
                b[0] = 'I';
                b[1] = 'I';
                b[2] = 42;
                b[3] = 0;
            }
            int o = ExifOrientation.fromTiff(b, 0, b.length);
            assertTrue(o >= 1 && o <= 8);
        }
    }

    @Test
    void orientedAppliesRotations() {
        // 3x2 grey image:  1 2 3 / 4 5 6
        DecodedImage base = DecodedImage.of(3, 2, MediaFormat.JPEG, 1, new byte[] {1, 2, 3, 4, 5, 6}, null, 1);
        assertEquals(base, base.oriented());
        DecodedImage six = DecodedImage.of(3, 2, MediaFormat.JPEG, 1, new byte[] {1, 2, 3, 4, 5, 6},
                new byte[] {11, 12, 13, 14, 15, 16}, 6).oriented();
        // rotate 90 clockwise: 4 1 / 5 2 / 6 3
        assertEquals(2, six.width());
        assertEquals(3, six.height());
        assertEquals(1, six.exifOrientation());
        assertArrayEquals(new byte[] {4, 1, 5, 2, 6, 3}, six.pixels());
        assertArrayEquals(new byte[] {14, 11, 15, 12, 16, 13}, six.alpha());
        DecodedImage eight = DecodedImage.of(3, 2, MediaFormat.JPEG, 1, new byte[] {1, 2, 3, 4, 5, 6}, null, 8)
                .oriented();
        // rotate 90 counter-clockwise: 3 6 / 2 5 / 1 4
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, eight.pixels());
        DecodedImage three = DecodedImage.of(3, 2, MediaFormat.JPEG, 1, new byte[] {1, 2, 3, 4, 5, 6}, null, 3)
                .oriented();
        assertArrayEquals(new byte[] {6, 5, 4, 3, 2, 1}, three.pixels());
        DecodedImage rgb = DecodedImage.of(2, 1, MediaFormat.PNG, 3, new byte[] {1, 2, 3, 4, 5, 6}, null, 6)
                .oriented();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, rgb.pixels());
        assertEquals(1, rgb.width());
        assertEquals(2, rgb.height());
    }

    // ------------------------------------------------------------------ misc

    @Test
    void sniffUsesMagicBytesOnly() {
        assertEquals(MediaFormat.JPEG, MediaFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}).get());
        assertEquals(MediaFormat.GIF, MediaFormat.sniff("GIF87a".getBytes(StandardCharsets.US_ASCII)).get());
        assertEquals(MediaFormat.BMP, MediaFormat.sniff("BM".getBytes(StandardCharsets.US_ASCII)).get());
        assertTrue(MediaFormat.sniff("GIF88a".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(MediaFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}).isEmpty());
        assertTrue(MediaFormat.sniff(null).isEmpty());
        assertEquals("image/webp", MediaFormat.WEBP.mimeType());
    }

    @Test
    void limitsValidateArguments() {
        assertEquals(32L << 20, MediaLimits.defaults().maxBytes());
        assertEquals(50_000_000L, MediaLimits.defaults().maxPixels());
        assertEquals(Duration.ofSeconds(10), MediaLimits.defaults().maxDecodeTime());
        assertThrows(IllegalArgumentException.class, () -> new MediaLimits(0, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new MediaLimits(1, -1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new MediaLimits(1, 1, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new MediaLimits(1, 1, null));
    }

    @Test
    void decodeIsThreadSafe() throws Exception {
        byte[] jpg = Fixtures.jpeg(Fixtures.gradient(120, 90, BufferedImage.TYPE_INT_RGB), false);
        byte[] expected = decoder.decode(jpg).pixels();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                fs.add(pool.submit(() -> decoder.decode(jpg).pixels()));
            }
            for (Future<byte[]> f : fs) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

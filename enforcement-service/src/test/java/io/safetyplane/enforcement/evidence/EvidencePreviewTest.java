package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import io.safetyplane.media.MediaRejectedException.Reason;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class EvidencePreviewTest {

    private final EvidencePreview preview = new EvidencePreview(new MediaDecoder(MediaLimits.defaults()));

    @Test
    void aSharpCheckerboardBecomesASmallFlatGreyImage() throws Exception {
        byte[] board = encode(image(512, 512, (x, y) -> ((x / 8 + y / 8) % 2) * 0xFFFFFF), "png");

        Raster p = decode(preview.render(board));

        assertEquals(128, p.getWidth());
        assertEquals(128, p.getHeight());
        assertEquals(1, p.getNumBands());
        assertTrue(maxNeighbourDifference(p) <= 2, "local contrast " + maxNeighbourDifference(p));
        int[] all = p.getPixels(0, 0, 128, 128, (int[]) null);
        assertTrue(Arrays.stream(all).allMatch(v -> Math.abs(v - 128) <= 4), "mean grey everywhere");
    }

    @Test
    void aLargeImageKeepsItsAspectRatioAndCoarseLayout() throws Exception {
        // left half black, right half white, with a fine checkerboard on top that must vanish
        byte[] halves = encode(image(2000, 1000, (x, y) -> x < 1000
                ? ((x / 2 + y / 2) % 2) * 0x202020 : 0xFFFFFF - ((x / 2 + y / 2) % 2) * 0x202020), "png");

        Raster p = decode(preview.render(halves));

        assertEquals(128, p.getWidth());
        assertEquals(64, p.getHeight());
        assertTrue(p.getSample(2, 32, 0) < 40, "dark left " + p.getSample(2, 32, 0));
        assertTrue(p.getSample(125, 32, 0) > 215, "bright right " + p.getSample(125, 32, 0));
        // the edge in the middle is a smooth ramp, not a step
        assertTrue(maxNeighbourDifference(p) <= 16, "steepest step " + maxNeighbourDifference(p));
    }

    @Test
    void colourBecomesGreyAndSmallImagesAreNotEnlarged() throws Exception {
        Raster p = decode(preview.render(encode(image(40, 20, (x, y) -> 0xFF0000), "png")));

        assertEquals(40, p.getWidth());
        assertEquals(20, p.getHeight());
        assertEquals(1, p.getNumBands());
        assertEquals(76, p.getSample(10, 10, 0)); // Rec. 601 luma of pure red
    }

    @Test
    void theExifOrientationIsApplied() throws Exception {
        // stored 300 x 100, left dark and right bright; orientation 6 shows it turned 90 degrees clockwise
        byte[] jpeg = withExifOrientation(encode(image(300, 100, (x, y) -> x < 150 ? 0 : 0xFFFFFF), "jpeg"), 6);

        Raster p = decode(preview.render(jpeg));

        assertEquals(43, p.getWidth());
        assertEquals(128, p.getHeight());
        assertTrue(p.getSample(21, 2, 0) < 40, "dark top " + p.getSample(21, 2, 0));
        assertTrue(p.getSample(21, 125, 0) > 215, "bright bottom " + p.getSample(21, 125, 0));
    }

    @Test
    void undecodableOrOversizedInputHasNoPreview() throws Exception {
        byte[] png = encode(image(200, 200, (x, y) -> x * y), "png");

        assertEquals(Reason.EMPTY, unavailable(preview, new byte[0]));
        assertEquals(Reason.UNSUPPORTED_FORMAT, unavailable(preview, "not an image".getBytes()));
        assertEquals(Reason.CORRUPT, unavailable(preview, Arrays.copyOf(png, png.length / 2)));
        EvidencePreview tight = new EvidencePreview(new MediaDecoder(
                new MediaLimits(png.length - 1, 10_000, Duration.ofSeconds(10))));
        assertEquals(Reason.TOO_LARGE, unavailable(tight, png));
        EvidencePreview fewPixels = new EvidencePreview(new MediaDecoder(
                new MediaLimits(1 << 20, 10_000, Duration.ofSeconds(10))));
        PreviewUnavailableException e = assertThrows(PreviewUnavailableException.class, () -> fewPixels.render(png));
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().startsWith("no preview: PNG header declares 200x200"), e.getMessage());
    }

    private static Reason unavailable(EvidencePreview p, byte[] bytes) {
        return assertThrows(PreviewUnavailableException.class, () -> p.render(bytes)).reason();
    }

    private static int maxNeighbourDifference(Raster r) {
        int max = 0;
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) {
                int v = r.getSample(x, y, 0);
                if (x + 1 < r.getWidth()) {
                    max = Math.max(max, Math.abs(v - r.getSample(x + 1, y, 0)));
                }
                if (y + 1 < r.getHeight()) {
                    max = Math.max(max, Math.abs(v - r.getSample(x, y + 1, 0)));
                }
            }
        }
        return max;
    }

    private static BufferedImage image(int w, int h, IntBinaryOperator rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out));
        return out.toByteArray();
    }

    private static Raster decode(byte[] png) throws IOException {
        assertEquals(0x89, png[0] & 0xFF, "PNG signature");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        return img.getRaster();
    }

    /** Inserts an APP1 Exif segment with one Orientation entry right after the JPEG's SOI marker. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8) // big-endian TIFF header, IFD at offset 8
                .putShort((short) 1) // one entry
                .putShort((short) 0x0112).putShort((short) 3).putInt(1) // Orientation, SHORT, count 1
                .putShort((short) orientation).putShort((short) 0)
                .putInt(0); // no next IFD
        byte[] exif = ByteBuffer.allocate(6 + 26).put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff.array()).array();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif)
                .put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}

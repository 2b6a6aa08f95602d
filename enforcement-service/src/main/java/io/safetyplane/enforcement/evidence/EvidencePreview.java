package io.safetyplane.enforcement.evidence;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.ImageHeader;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaRejectedException;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The preview reviewers see instead of the evidence: greyscale, at most {@value #MAX_SIDE} pixels on the long side,
 * and blurred so strongly that only the rough composition remains; encoded as PNG. Thread-safe.
 *
 * <p>Steps: the header gives the true size; the image is decoded nearest-neighbour sampled to at most
 * {@value #SAMPLE_SIDE} pixels a side ({@link MediaDecoder#decodeSampled}, so no full-resolution buffer is built),
 * turned upright by its EXIF orientation, converted to luma (Rec. 601; alpha composited over mid grey),
 * area-averaged to the preview size with the true aspect ratio, then box-blurred three times (close to a Gaussian)
 * with a radius of a sixteenth of the long side.
 */
public final class EvidencePreview {

    /** The long side of a preview, at most. */
    public static final int MAX_SIDE = 128;
    /** Decoding resolution: enough to average down from, far below the original. */
    static final int SAMPLE_SIDE = 4 * MAX_SIDE;
    private static final int BLUR_PASSES = 3;
    private static final int MID_GREY = 128;

    private final MediaDecoder decoder;

    /** @param decoder with the limits for evidence images (bytes, pixels, decode time) */
    public EvidencePreview(MediaDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * The PNG preview of {@code image}.
     *
     * @throws PreviewUnavailableException when the bytes are not a supported image, are corrupt, or exceed the limits
     */
    public byte[] render(byte[] image) throws PreviewUnavailableException {
        ImageHeader header;
        DecodedImage sampled;
        try {
            header = decoder.probe(image);
            sampled = decoder.decodeSampled(image, SAMPLE_SIDE);
        } catch (MediaRejectedException e) {
            throw new PreviewUnavailableException(e);
        }
        boolean sideways = sampled.exifOrientation() >= 5;
        DecodedImage upright = sampled.oriented();
        int width = sideways ? header.height() : header.width();
        int height = sideways ? header.width() : header.height();
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(width, height));
        int pw = Math.max(1, (int) Math.round(width * scale));
        int ph = Math.max(1, (int) Math.round(height * scale));

        int[] grey = resize(luma(upright), upright.width(), upright.height(), pw, ph);
        int radius = Math.max(1, Math.max(pw, ph) / 16);
        for (int pass = 0; pass < BLUR_PASSES; pass++) {
            grey = boxBlur(grey, pw, ph, radius, true);
            grey = boxBlur(grey, pw, ph, radius, false);
        }
        return png(grey, pw, ph);
    }

    /** Rec. 601 luma per pixel, alpha composited over mid grey. */
    private static int[] luma(DecodedImage img) {
        byte[] px = img.pixels();
        byte[] alpha = img.alpha();
        int n = img.width() * img.height();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int y;
            if (img.channels() == 1) {
                y = px[i] & 0xFF;
            } else {
                int r = px[3 * i] & 0xFF;
                int g = px[3 * i + 1] & 0xFF;
                int b = px[3 * i + 2] & 0xFF;
                y = (299 * r + 587 * g + 114 * b + 500) / 1000;
            }
            if (alpha != null) {
                int a = alpha[i] & 0xFF;
                y = (y * a + MID_GREY * (255 - a) + 127) / 255;
            }
            out[i] = y;
        }
        return out;
    }

    /** Each output pixel is the mean of the source pixels it covers (at least one). */
    private static int[] resize(int[] src, int sw, int sh, int dw, int dh) {
        int[] out = new int[dw * dh];
        for (int y = 0; y < dh; y++) {
            int y0 = (int) ((long) y * sh / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / dh));
            for (int x = 0; x < dw; x++) {
                int x0 = (int) ((long) x * sw / dw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / dw));
                long sum = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        sum += src[sy * sw + sx];
                    }
                }
                int count = (y1 - y0) * (x1 - x0);
                out[y * dw + x] = (int) ((sum + count / 2) / count);
            }
        }
        return out;
    }

    /** One box-blur pass along rows or columns; at the borders the window is cut off, not padded. */
    private static int[] boxBlur(int[] src, int w, int h, int radius, boolean horizontal) {
        int[] out = new int[src.length];
        int lines = horizontal ? h : w;
        int length = horizontal ? w : h;
        for (int line = 0; line < lines; line++) {
            for (int i = 0; i < length; i++) {
                int from = Math.max(0, i - radius);
                int to = Math.min(length - 1, i + radius);
                long sum = 0;
                for (int k = from; k <= to; k++) {
                    sum += src[horizontal ? line * w + k : k * w + line];
                }
                int count = to - from + 1;
                out[horizontal ? line * w + i : i * w + line] = (int) ((sum + count / 2) / count);
            }
        }
        return out;
    }

    private static byte[] png(int[] grey, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, w, h, grey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }
}

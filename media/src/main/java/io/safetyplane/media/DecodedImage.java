package io.safetyplane.media;

import java.util.Objects;

/**
 * Decoded 8-bit pixels as the PDQ reference's decode path (ImageMagick to PNM to CImg, see Meta's
 * {@code pdq/cpp/io/pdqio.cpp}) would see them: grey stays one channel, everything else becomes RGB, alpha is kept
 * separately and not composited, and the EXIF orientation is recorded but not applied.
 *
 * <p>Instances are immutable by contract: {@link #pixels()} and {@link #alpha()} return the image's own buffers
 * (no defensive copy, for speed) and callers must not modify them.
 */
public final class DecodedImage {

    private final int width;
    private final int height;
    private final MediaFormat format;
    private final int channels;
    private final byte[] pixels;
    private final byte[] alpha;
    private final int exifOrientation;

    private DecodedImage(int width, int height, MediaFormat format, int channels, byte[] pixels, byte[] alpha,
            int exifOrientation) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.channels = channels;
        this.pixels = pixels;
        this.alpha = alpha;
        this.exifOrientation = exifOrientation;
    }

    /**
     * Wraps existing buffers (not copied; the caller hands them over).
     *
     * @param pixels row-major interleaved samples, {@code width * height * channels} bytes
     * @param alpha  {@code null} or {@code width * height} bytes
     * @param exifOrientation 1..8
     * @throws IllegalArgumentException on inconsistent sizes
     */
    public static DecodedImage of(int width, int height, MediaFormat format, int channels, byte[] pixels,
            byte[] alpha, int exifOrientation) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        long n = (long) width * height;
        if (pixels.length != n * channels) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected " + n * channels);
        }
        if (alpha != null && alpha.length != n) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " bytes, expected " + n);
        }
        if (exifOrientation < 1 || exifOrientation > 8) {
            throw new IllegalArgumentException("exifOrientation must be 1..8, got " + exifOrientation);
        }
        return new DecodedImage(width, height, format, channels, pixels, alpha, exifOrientation);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public MediaFormat format() {
        return format;
    }

    /** 1 (grey) or 3 (RGB). Alpha is never counted here; see {@link #alpha()}. */
    public int channels() {
        return channels;
    }

    /** Row-major, interleaved, {@link #channels()} bytes per pixel, 8 bits per channel. Do not modify. */
    public byte[] pixels() {
        return pixels;
    }

    /** One byte per pixel, or {@code null} when the image has no alpha channel. Do not modify. */
    public byte[] alpha() {
        return alpha;
    }

    /** EXIF Orientation (1..8) from the JPEG APP1 / WebP EXIF chunk, 1 when absent; not applied to the pixels. */
    public int exifOrientation() {
        return exifOrientation;
    }

    /**
     * A copy with the EXIF orientation applied (for classifiers that want the image upright), orientation 1.
     * Orientations 5 to 8 swap width and height. Returns {@code this} when the orientation is already 1.
     */
    public DecodedImage oriented() {
        if (exifOrientation == 1) {
            return this;
        }
        boolean swap = exifOrientation >= 5;
        int ow = swap ? height : width;
        int oh = swap ? width : height;
        byte[] op = new byte[pixels.length];
        byte[] oa = alpha == null ? null : new byte[alpha.length];
        int c = channels;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (exifOrientation) {
                    case 2 -> { sx = width - 1 - x; sy = y; }
                    case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
                    case 4 -> { sx = x; sy = height - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = height - 1 - x; }
                    case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
                    default -> { sx = width - 1 - y; sy = x; } // 8
                }
                int s = sy * width + sx;
                int d = y * ow + x;
                System.arraycopy(pixels, s * c, op, d * c, c);
                if (oa != null) {
                    oa[d] = alpha[s];
                }
            }
        }
        return new DecodedImage(ow, oh, format, channels, op, oa, 1);
    }

    @Override
    public String toString() {
        return "DecodedImage[" + format + " " + width + "x" + height + "x" + channels
                + (alpha != null ? "+alpha" : "") + ", orientation " + exifOrientation + "]";
    }
}

package io.safetyplane.pdq;

import io.safetyplane.media.DecodedImage;
import java.util.Random;

/** In-process test images and pixel-level dihedral transforms. */
final class Images {

    private Images() {
    }

    /**
     * A deterministic, photo-like RGB image: a sum of random smooth waves (up to 8 cycles across) plus a few soft
     * blobs, so that one-pixel sampling offsets of the reference's box filter do not dominate the hash.
     */
    static DecodedImage shapes(int w, int h, long seed) {
        Random rnd = new Random(seed);
        int waves = 12;
        double[][] p = new double[waves][6];
        for (double[] q : p) {
            q[0] = rnd.nextDouble() * 8; // cycles along x
            q[1] = rnd.nextDouble() * 8; // cycles along y
            q[2] = rnd.nextDouble() * 2 * Math.PI;
            q[3] = rnd.nextDouble() * 40;
            q[4] = rnd.nextDouble() * 40;
            q[5] = rnd.nextDouble() * 40;
        }
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = 128;
                double g = 128;
                double b = 128;
                for (double[] q : p) {
                    double s = Math.cos(2 * Math.PI * (q[0] * x / w + q[1] * y / h) + q[2]);
                    r += q[3] * s;
                    g += q[4] * s;
                    b += q[5] * s;
                }
                int o = (y * w + x) * 3;
                px[o] = (byte) Math.max(0, Math.min(255, (int) r));
                px[o + 1] = (byte) Math.max(0, Math.min(255, (int) g));
                px[o + 2] = (byte) Math.max(0, Math.min(255, (int) b));
            }
        }
        return DecodedImage.of(w, h, io.safetyplane.media.MediaFormat.PNG, 3, px, null, 1);
    }

    /**
     * Applies a dihedral transform to the pixel buffer. ROT90 is a quarter turn counter-clockwise, FLIPX mirrors
     * top-bottom (about the x axis), FLIPY mirrors left-right, FLIP_PLUS1 transposes, FLIP_MINUS1 anti-transposes.
     */
    static DecodedImage transform(DecodedImage src, Dihedral d) {
        int w = src.width();
        int h = src.height();
        int c = src.channels();
        boolean swap = d == Dihedral.ROT90 || d == Dihedral.ROT270 || d == Dihedral.FLIP_PLUS1
                || d == Dihedral.FLIP_MINUS1;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] in = src.pixels();
        byte[] out = new byte[in.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (d) {
                    case ORIGINAL -> { sx = x; sy = y; }
                    case ROT90 -> { sx = w - 1 - y; sy = x; }
                    case ROT180 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case ROT270 -> { sx = y; sy = h - 1 - x; }
                    case FLIPX -> { sx = x; sy = h - 1 - y; }
                    case FLIPY -> { sx = w - 1 - x; sy = y; }
                    case FLIP_PLUS1 -> { sx = y; sy = x; }
                    default -> { sx = w - 1 - y; sy = h - 1 - x; } // FLIP_MINUS1
                }
                System.arraycopy(in, (sy * w + sx) * c, out, (y * ow + x) * c, c);
            }
        }
        return DecodedImage.of(ow, oh, src.format(), c, out, null, 1);
    }
}

package io.safetyplane.pdq;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaRejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PDQ hasher, a bit-exact port of Meta's C++ reference ({@code facebook/ThreatExchange} {@code pdq/cpp}).
 * Thread-safe; per-thread float buffers are reused.
 *
 * <p>{@link #hash(DecodedImage)} mirrors {@code pdqDihedralHash256esFromFile} in {@code io/pdqio.cpp}: images with
 * a side over 512 are first resized to exactly 512x512 by CImg nearest neighbour (source index
 * {@code floor(x * W / 512)}), then turned into float luma ({@code fillFloatLumaFromRGB}/{@code ...FromGrey}).
 * {@link #hashLuma} is {@code pdqHash256FromFloatLuma} plus the DCT-domain dihedrals. {@link #hash(byte[],
 * MediaDecoder)} gives the same result as decode-then-hash without building the full-resolution RGB image.
 */
public final class PdqHasher {

    /** {@code DOWNSAMPLE_DIMS} in {@code io/pdqio.cpp}. */
    public static final int DOWNSAMPLE_DIMS = 512;

    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;
    private static final int RETAINED_BUFFER = DOWNSAMPLE_DIMS * DOWNSAMPLE_DIMS;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread scratch buffers. */
    private static final class Workspace {
        float[] full1 = new float[0];
        float[] full2 = new float[0];
        final float[] b64x64 = new float[64 * 64];
        final float[] b16x64 = new float[16 * 64];
        final float[] b16x16 = new float[16 * 16];
        final float[] aux16x16 = new float[16 * 16];
        float[] sums = new float[DOWNSAMPLE_DIMS];

        float[][] full(int n) {
            if (n > RETAINED_BUFFER) {
                return new float[][] {new float[n], new float[n]}; // not retained: keep idle threads small
            }
            if (full1.length < n) {
                full1 = new float[RETAINED_BUFFER];
                full2 = new float[RETAINED_BUFFER];
            }
            return new float[][] {full1, full2};
        }
    }

    /**
     * Hashes a decoded image exactly as the reference's file path does (after ImageMagick decoding): resize when a
     * side exceeds 512, luma, then {@link #hashLuma}. A 3-channel image whose pixels are all neutral
     * (R = G = B) is treated as grey, because ImageMagick writes such images as PGM and the reference then uses
     * the grey value directly. Alpha and EXIF orientation are ignored, as in the reference.
     */
    public PdqResult hash(DecodedImage image) {
        Objects.requireNonNull(image, "image");
        return hash(image, false);
    }

    /**
     * Decodes and hashes in one step, with the same result as {@code hash(decoder.decode(encoded))} but faster:
     * the image is decoded with {@link MediaDecoder#decodeSampled(byte[], int)} at {@link #DOWNSAMPLE_DIMS}, so
     * only the pixels the reference's nearest-neighbour resize keeps are converted to RGB.
     *
     * @throws MediaRejectedException as {@link MediaDecoder#decode(byte[])}
     */
    public PdqResult hash(byte[] encoded, MediaDecoder decoder) throws MediaRejectedException {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(decoder, "decoder");
        return hash(decoder.decodeSampled(encoded, DOWNSAMPLE_DIMS), true);
    }

    /**
     * @param channelsDecideGrey the image comes from {@code decodeSampled}: one channel means grey, three RGB, even
     *                           when the (sampled) pixels happen to be neutral
     */
    private PdqResult hash(DecodedImage image, boolean channelsDecideGrey) {
        int w = image.width();
        int h = image.height();
        boolean resize = w > DOWNSAMPLE_DIMS || h > DOWNSAMPLE_DIMS;
        int nw = resize ? DOWNSAMPLE_DIMS : w;
        int nh = resize ? DOWNSAMPLE_DIMS : h;
        Workspace ws = WORKSPACE.get();
        float[][] bufs = ws.full(nw * nh);
        float[] luma = bufs[0];
        byte[] px = image.pixels();
        int[] xs = new int[nw];
        for (int x = 0; x < nw; x++) {
            xs[x] = resize ? (int) ((long) x * w / nw) : x;
        }
        boolean grey = image.channels() == 1 || !channelsDecideGrey && isNeutral(px);
        int c = image.channels();
        for (int y = 0; y < nh; y++) {
            int sy = resize ? (int) ((long) y * h / nh) : y;
            int row = sy * w;
            int o = y * nw;
            if (grey) {
                for (int x = 0; x < nw; x++) {
                    luma[o + x] = (float) (px[(row + xs[x]) * c] & 0xFF);
                }
            } else {
                for (int x = 0; x < nw; x++) {
                    int p = (row + xs[x]) * 3;
                    luma[o + x] = LUMA_R * (px[p] & 0xFF) + LUMA_G * (px[p + 1] & 0xFF) + LUMA_B * (px[p + 2] & 0xFF);
                }
            }
        }
        return core(ws, luma, bufs[1], nh, nw);
    }

    private static boolean isNeutral(byte[] rgb) {
        for (int p = 0; p < rgb.length; p += 3) {
            if (rgb[p] != rgb[p + 1] || rgb[p] != rgb[p + 2]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hashes a row-major float luma buffer of {@code width * height} values (not modified). Mirrors
     * {@code pdqHash256FromFloatLuma} (including the 64x64 shortcut that skips the blur and the zero hash with
     * quality 0 below 5 pixels), then derives the eight dihedral hashes from the same 16x16 DCT as
     * {@code pdqDihedralHash256esFromFloatLuma}.
     */
    public PdqResult hashLuma(float[] luma, int width, int height) {
        Objects.requireNonNull(luma, "luma");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE || luma.length < n) {
            throw new IllegalArgumentException("luma has " + luma.length + " values, need " + n);
        }
        Workspace ws = WORKSPACE.get();
        float[][] bufs = ws.full((int) n);
        System.arraycopy(luma, 0, bufs[0], 0, (int) n);
        return core(ws, bufs[0], bufs[1], height, width);
    }

    private static PdqResult core(Workspace ws, float[] buf1, float[] buf2, int numRows, int numCols) {
        if (numRows < PdqCore.MIN_HASHABLE_DIM || numCols < PdqCore.MIN_HASHABLE_DIM) {
            PdqHash zero = PdqHash.of(0, 0, 0, 0);
            return new PdqResult(zero, 0, List.of(zero, zero, zero, zero, zero, zero, zero, zero));
        }
        float[] a64 = ws.b64x64;
        if (numRows == 64 && numCols == 64) {
            System.arraycopy(buf1, 0, a64, 0, 64 * 64);
        } else {
            int windowAlongRows = PdqCore.jaroszWindowSize(numCols, 64);
            int windowAlongCols = PdqCore.jaroszWindowSize(numRows, 64);
            if (ws.sums.length < numCols) {
                ws.sums = new float[numCols];
            }
            PdqCore.jaroszFilterAndDecimate(buf1, buf2, ws.sums, numRows, numCols, windowAlongRows, windowAlongCols,
                    PdqCore.NUM_JAROSZ_XY_PASSES, a64, 64, 64);
        }
        int quality = PdqCore.quality(a64);
        PdqCore.dct64To16(a64, ws.b16x64, ws.b16x16);
        List<PdqHash> hashes = new ArrayList<>(8);
        hashes.add(PdqCore.toBits(ws.b16x16));
        for (Dihedral d : Dihedral.values()) {
            if (d != Dihedral.ORIGINAL) {
                PdqCore.dihedral(d, ws.b16x16, ws.aux16x16);
                hashes.add(PdqCore.toBits(ws.aux16x16));
            }
        }
        return new PdqResult(hashes.get(0), quality, hashes);
    }
}

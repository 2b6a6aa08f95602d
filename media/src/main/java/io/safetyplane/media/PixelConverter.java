package io.safetyplane.media;

import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns ImageIO rasters into the 1- or 3-channel 8-bit samples that ImageMagick hands to CImg as PGM/PPM in Meta's
 * PDQ reference ({@code pdq/cpp/io/pdqio.cpp}). Works on raw raster samples, never on colour-managed
 * {@code getRGB}, so no ICC conversion is applied (ImageMagick's PNM writer applies none either).
 */
final class PixelConverter {

    /** Output of a conversion. */
    record Pixels(int channels, byte[] pixels, byte[] alpha) {
    }

    private PixelConverter() {
    }

    // ---------------------------------------------------------------- JPEG (raw components from readRaster)

    // libjpeg jdcolor.c build_ycc_rgb_table, SCALEBITS = 16
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        final int half = 1 << 15;
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + half) >> 16;
            CB_B[i] = (fix(1.77200) * x + half) >> 16;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + half;
        }
    }

    private static int fix(double v) {
        return (int) (v * 65536 + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /**
     * Converts raw JPEG components (libjpeg null colour conversion) to grey or RGB, choosing the transform the way
     * libjpeg's {@code default_decompress_parms} does; CMYK follows ImageMagick's inverted-CMYK to sRGB formula.
     */
    static Pixels fromJpegRaster(Raster r, ContainerInfo info) throws MediaRejectedException {
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        int n = w * h;
        byte[] raw = interleaved8(r);
        if (bands == 1) {
            return new Pixels(1, raw, null);
        }
        if (bands == 3) {
            if (jpegIsRgb(info)) {
                return new Pixels(3, raw, null);
            }
            for (int p = 0, end = 3 * n; p < end; p += 3) {
                ycc(raw, p, raw, p); // in place: ycc reads all three samples before writing
            }
            return new Pixels(3, raw, null);
        }
        if (bands == 4) {
            boolean ycck = info.adobeTransform > 0; // Adobe transform 0 = CMYK, 1/2 = YCCK; no Adobe marker = CMYK
            byte[] out = new byte[3 * n];
            byte[] tmp = new byte[3];
            for (int i = 0; i < n; i++) {
                int p = 4 * i;
                int c;
                int m;
                int y;
                if (ycck) { // libjpeg ycck_cmyk_convert: C = 255 - R(YCC)
                    ycc(raw, p, tmp, 0);
                    c = 255 - (tmp[0] & 0xFF);
                    m = 255 - (tmp[1] & 0xFF);
                    y = 255 - (tmp[2] & 0xFF);
                } else {
                    c = raw[p] & 0xFF;
                    m = raw[p + 1] & 0xFF;
                    y = raw[p + 2] & 0xFF;
                }
                int k = raw[p + 3] & 0xFF;
                out[3 * i] = invertedCmykToRgb(c, k);
                out[3 * i + 1] = invertedCmykToRgb(m, k);
                out[3 * i + 2] = invertedCmykToRgb(y, k);
            }
            return new Pixels(3, out, null);
        }
        throw new MediaRejectedException(MediaRejectedException.Reason.CORRUPT,
                "JPEG has " + bands + " components; only 1, 3 and 4 are supported");
    }

    private static boolean jpegIsRgb(ContainerInfo info) {
        if (info.jfif) {
            return false;
        }
        if (info.adobeTransform >= 0) {
            return info.adobeTransform == 0;
        }
        int[] id = info.jpegComponentIds;
        return id != null && id.length == 3 && id[0] == 'R' && id[1] == 'G' && id[2] == 'B';
    }

    private static void ycc(byte[] in, int p, byte[] out, int q) {
        int y = in[p] & 0xFF;
        int cb = in[p + 1] & 0xFF;
        int cr = in[p + 2] & 0xFF;
        out[q] = (byte) clamp(y + CR_R[cr]);
        out[q + 1] = (byte) clamp(y + ((CB_G[cb] + CR_G[cr]) >> 16));
        out[q + 2] = (byte) clamp(y + CB_B[cb]);
    }

    /**
     * Adobe-style (inverted) CMYK sample to an sRGB sample as ImageMagick 6 Q16 does it: CMYK values are
     * {@code 255 - raw}, {@code R = QR - (C (QR - K) / QR + K)} in doubles, rounded to a 16-bit quantum, then scaled
     * to 8 bits with {@code ScaleQuantumToChar}.
     */
    private static byte invertedCmykToRgb(int rawC, int rawK) {
        int q = (int) (rawC * 257.0 * (rawK * 257.0) / 65535.0 + 0.5);
        return (byte) quantumToChar(q);
    }

    /** ImageMagick Q16 {@code ScaleQuantumToChar}: round(q / 257). */
    static int quantumToChar(int q) {
        return ((q + 128) - ((q + 128) >> 8)) >> 8;
    }

    // ---------------------------------------------------------------- nearest-neighbour sampled output

    /** Source indices {@code floor(i * src / dst)} (CImg nearest-neighbour resize), or the identity. */
    static int[] sampleIndex(int src, int dst) {
        int[] idx = new int[dst];
        for (int i = 0; i < dst; i++) {
            idx[i] = (int) ((long) i * src / dst);
        }
        return idx;
    }

    /**
     * Samples already converted pixels at {@code xs} x {@code ys}; one channel when the full image is grey or all
     * of its pixels are neutral.
     */
    static Pixels sample(Pixels full, int w, int[] xs, int[] ys) {
        int c = full.channels();
        byte[] px = full.pixels();
        boolean grey = c == 1 || isNeutral(px);
        int oc = grey ? 1 : 3;
        int nw = xs.length;
        byte[] out = new byte[nw * ys.length * oc];
        byte[] alpha = full.alpha() == null ? null : new byte[nw * ys.length];
        int d = 0;
        for (int y = 0; y < ys.length; y++) {
            int row = ys[y] * w;
            for (int x = 0; x < nw; x++) {
                int s = row + xs[x];
                if (grey) {
                    out[d] = px[s * c];
                } else {
                    out[3 * d] = px[3 * s];
                    out[3 * d + 1] = px[3 * s + 1];
                    out[3 * d + 2] = px[3 * s + 2];
                }
                if (alpha != null) {
                    alpha[d] = full.alpha()[s];
                }
                d++;
            }
        }
        return new Pixels(oc, out, alpha);
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
     * {@link #fromJpegRaster} followed by {@link #sample}, without converting or copying the full-resolution
     * raster: only the sampled pixels are colour-converted (the full image is scanned, without storing anything,
     * only when every sampled pixel is neutral, to decide grey versus RGB).
     */
    static Pixels fromJpegRasterSampled(Raster r, ContainerInfo info, int[] xs, int[] ys)
            throws MediaRejectedException {
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        if (bands < 1 || bands == 2 || bands > 4 || !(r.getDataBuffer() instanceof DataBufferByte db)
                || db.getNumBanks() != 1 || !(r.getSampleModel() instanceof ComponentSampleModel sm)
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0
                || !allBits(sm.getSampleSize(), 8) || nonZeroBank(sm.getBankIndices())) {
            return sample(fromJpegRaster(r, info), w, xs, ys);
        }
        byte[] data = db.getData();
        int base = db.getOffset();
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int[] bo = sm.getBandOffsets();
        int nw = xs.length;
        int nh = ys.length;
        int n = nw * nh;
        if (bands == 1) {
            byte[] out = new byte[n];
            for (int y = 0, d = 0; y < nh; y++) {
                int row = base + ys[y] * ss + bo[0];
                for (int x = 0; x < nw; x++) {
                    out[d++] = data[row + xs[x] * ps];
                }
            }
            return new Pixels(1, out, null);
        }
        // kind: 0 = RGB as stored, 1 = YCbCr, 2 = CMYK, 3 = YCCK
        int kind = bands == 3 ? (jpegIsRgb(info) ? 0 : 1) : (info.adobeTransform > 0 ? 3 : 2);
        byte[] rgb = new byte[3 * n];
        byte[] in = new byte[4];
        boolean neutral = true;
        if (kind == 1) { // the common case, inlined: libjpeg ycc_rgb_convert at the sampled positions
            int b0 = bo[0];
            int b1 = bo[1];
            int b2 = bo[2];
            int notNeutral = 0;
            for (int y = 0, d = 0; y < nh; y++) {
                int row = base + ys[y] * ss;
                for (int x = 0; x < nw; x++, d += 3) {
                    int p = row + xs[x] * ps;
                    int yy = data[p + b0] & 0xFF;
                    int cb = data[p + b1] & 0xFF;
                    int cr = data[p + b2] & 0xFF;
                    int rd = clamp(yy + CR_R[cr]);
                    int gr = clamp(yy + ((CB_G[cb] + CR_G[cr]) >> 16));
                    int bl = clamp(yy + CB_B[cb]);
                    rgb[d] = (byte) rd;
                    rgb[d + 1] = (byte) gr;
                    rgb[d + 2] = (byte) bl;
                    notNeutral |= (rd ^ gr) | (rd ^ bl);
                }
            }
            neutral = notNeutral == 0;
        } else {
            for (int y = 0, d = 0; y < nh; y++) {
                int row = base + ys[y] * ss;
                for (int x = 0; x < nw; x++, d += 3) {
                    int p = row + xs[x] * ps;
                    for (int b = 0; b < bands; b++) {
                        in[b] = data[p + bo[b]];
                    }
                    convert(kind, in, rgb, d);
                    neutral &= rgb[d] == rgb[d + 1] && rgb[d] == rgb[d + 2];
                }
            }
        }
        if (neutral) {
            byte[] tmp = new byte[3];
            for (int y = 0; y < h && neutral; y++) {
                int row = base + y * ss;
                for (int x = 0; x < w; x++) {
                    int p = row + x * ps;
                    for (int b = 0; b < bands; b++) {
                        in[b] = data[p + bo[b]];
                    }
                    convert(kind, in, tmp, 0);
                    if (tmp[0] != tmp[1] || tmp[0] != tmp[2]) {
                        neutral = false;
                        break;
                    }
                }
            }
        }
        if (!neutral) {
            return new Pixels(3, rgb, null);
        }
        byte[] grey = new byte[n];
        for (int i = 0; i < n; i++) {
            grey[i] = rgb[3 * i];
        }
        return new Pixels(1, grey, null);
    }

    private static boolean nonZeroBank(int[] banks) {
        for (int b : banks) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** One pixel of {@link #fromJpegRaster}'s conversion; {@code in} holds the raw components. */
    private static void convert(int kind, byte[] in, byte[] out, int q) {
        switch (kind) {
            case 0 -> {
                out[q] = in[0];
                out[q + 1] = in[1];
                out[q + 2] = in[2];
            }
            case 1 -> ycc(in, 0, out, q);
            default -> {
                int c;
                int m;
                int y;
                if (kind == 3) {
                    ycc(in, 0, out, q);
                    c = 255 - (out[q] & 0xFF);
                    m = 255 - (out[q + 1] & 0xFF);
                    y = 255 - (out[q + 2] & 0xFF);
                } else {
                    c = in[0] & 0xFF;
                    m = in[1] & 0xFF;
                    y = in[2] & 0xFF;
                }
                int k = in[3] & 0xFF;
                out[q] = invertedCmykToRgb(c, k);
                out[q + 1] = invertedCmykToRgb(m, k);
                out[q + 2] = invertedCmykToRgb(y, k);
            }
        }
    }

    // ---------------------------------------------------------------- everything else (BufferedImage)

    /** Converts the raster of a decoded BufferedImage using its colour model. */
    static Pixels fromImage(Raster r, ColorModel cm) throws MediaRejectedException {
        int w = r.getWidth();
        int h = r.getHeight();
        int n = w * h;
        if (cm instanceof IndexColorModel icm) {
            return fromIndexed(r, icm, n);
        }
        int bands = r.getNumBands();
        int colour = cm.getNumColorComponents();
        boolean hasAlpha = cm.hasAlpha() && bands == colour + 1;
        if (bands != colour + (hasAlpha ? 1 : 0)) {
            throw unsupported(bands + " bands for " + colour + " colour components");
        }
        byte[] raw = interleaved8(r);
        byte[] alpha = null;
        if (hasAlpha) {
            alpha = new byte[n];
            for (int i = 0; i < n; i++) {
                alpha[i] = raw[i * bands + colour];
            }
        }
        if (colour == 1 || colour == 3) {
            if (!hasAlpha) {
                return new Pixels(colour, raw, null);
            }
            byte[] px = new byte[n * colour];
            for (int i = 0, s = 0, d = 0; i < n; i++, s += bands, d += colour) {
                for (int c = 0; c < colour; c++) {
                    px[d + c] = raw[s + c];
                }
            }
            return new Pixels(colour, px, alpha);
        }
        if (colour == 4) { // plain (non-inverted) CMYK
            byte[] px = new byte[3 * n];
            for (int i = 0; i < n; i++) {
                int s = i * bands;
                int k = 255 - (raw[s + 3] & 0xFF);
                for (int c = 0; c < 3; c++) {
                    px[3 * i + c] = invertedCmykToRgb(255 - (raw[s + c] & 0xFF), k);
                }
            }
            return new Pixels(3, px, alpha);
        }
        throw unsupported(colour + " colour components");
    }

    private static Pixels fromIndexed(Raster r, IndexColorModel icm, int n) {
        int size = icm.getMapSize();
        byte[] rs = new byte[256];
        byte[] gs = new byte[256];
        byte[] bs = new byte[256];
        byte[] as = new byte[256];
        icm.getReds(rs);
        icm.getGreens(gs);
        icm.getBlues(bs);
        icm.getAlphas(as);
        boolean grey = true;
        for (int i = 0; i < size; i++) {
            if (rs[i] != gs[i] || rs[i] != bs[i]) {
                grey = false;
                break;
            }
        }
        boolean hasAlpha = icm.hasAlpha();
        int w = r.getWidth();
        int h = r.getHeight();
        int channels = grey ? 1 : 3;
        byte[] px = new byte[n * channels];
        byte[] alpha = hasAlpha ? new byte[n] : null;
        int[] row = new int[w];
        int minX = r.getMinX();
        int minY = r.getMinY();
        for (int y = 0; y < h; y++) {
            r.getSamples(minX, minY + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = row[x] & 0xFF;
                int i = y * w + x;
                if (grey) {
                    px[i] = rs[idx];
                } else {
                    px[3 * i] = rs[idx];
                    px[3 * i + 1] = gs[idx];
                    px[3 * i + 2] = bs[idx];
                }
                if (alpha != null) {
                    alpha[i] = as[idx];
                }
            }
        }
        return new Pixels(channels, px, alpha);
    }

    /**
     * All bands interleaved, 8 bits per sample: 8-bit samples as-is, 16-bit samples scaled like ImageMagick's
     * {@code ScaleQuantumToChar} (rounded v/257), fewer bits scaled to 0..255 with rounding.
     */
    static byte[] interleaved8(Raster r) throws MediaRejectedException {
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        byte[] out = new byte[w * h * bands];
        if (r.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1
                && r.getSampleModel() instanceof ComponentSampleModel sm
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && allBits(sm.getSampleSize(), 8)) {
            byte[] data = db.getData();
            int[] bo = sm.getBandOffsets();
            int[] bank = sm.getBankIndices();
            for (int b : bank) {
                if (b != 0) {
                    return generic(r, out);
                }
            }
            int ps = sm.getPixelStride();
            int ss = sm.getScanlineStride();
            int base = db.getOffset();
            boolean identity = ps == bands && ss == w * bands;
            for (int b = 0; b < bands && identity; b++) {
                identity = bo[b] == b;
            }
            if (identity && base == 0 && data.length >= out.length) {
                System.arraycopy(data, 0, out, 0, out.length);
                return out;
            }
            int d = 0;
            for (int y = 0; y < h; y++) {
                int rowStart = base + y * ss;
                for (int x = 0; x < w; x++) {
                    int p = rowStart + x * ps;
                    for (int b = 0; b < bands; b++) {
                        out[d++] = data[p + bo[b]];
                    }
                }
            }
            return out;
        }
        return generic(r, out);
    }

    private static byte[] generic(Raster r, byte[] out) throws MediaRejectedException {
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        int dt = r.getDataBuffer().getDataType();
        if (dt == DataBuffer.TYPE_FLOAT || dt == DataBuffer.TYPE_DOUBLE) {
            throw unsupported("floating-point samples");
        }
        int[] bits = r.getSampleModel().getSampleSize();
        int[] row = new int[w];
        for (int b = 0; b < bands; b++) {
            int nb = bits[b];
            long max = (1L << nb) - 1;
            for (int y = 0; y < h; y++) {
                r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, b, row);
                int d = y * w * bands + b;
                for (int x = 0; x < w; x++, d += bands) {
                    int v = row[x];
                    int o;
                    if (nb == 8) {
                        o = v & 0xFF;
                    } else if (nb == 16) {
                        o = quantumToChar(v & 0xFFFF);
                    } else {
                        o = (int) (((v & max) * 255L + max / 2) / max);
                    }
                    out[d] = (byte) o;
                }
            }
        }
        return out;
    }

    private static boolean allBits(int[] sizes, int bits) {
        for (int s : sizes) {
            if (s != bits) {
                return false;
            }
        }
        return true;
    }

    private static MediaRejectedException unsupported(String what) {
        return new MediaRejectedException(MediaRejectedException.Reason.CORRUPT, "unsupported pixel layout: " + what);
    }
}

package io.safetyplane.pdq;

/**
 * The numeric core of PDQ, a line-by-line float port of Meta's reference so that results are bit-identical:
 * {@code downscaling/downscaling.cpp} (Jarosz box filter, decimation), {@code hashing/pdqhashing.cpp} (quality,
 * DCT, dihedral transforms, bit output) and {@code hashing/torben.cpp} (median). Java float arithmetic is IEEE
 * single precision without excess precision, like the reference compiled for x86-64 SSE without FMA contraction.
 */
final class PdqCore {

    static final int MIN_HASHABLE_DIM = 5;
    static final int NUM_JAROSZ_XY_PASSES = 2;

    /** 16x64 row-major DCT-II rows 1..16, built as in {@code dct_matrix_64} (double cos, float scale). */
    static final float[] DCT = buildDct();

    private PdqCore() {
    }

    private static float[] buildDct() {
        float[] d = new float[16 * 64];
        float scale = (float) Math.sqrt(2.0 / 64.0);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i * 64 + j] = (float) (scale * StrictMath.cos((Math.PI / 2.0 / 64.0) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /** {@code computeJaroszFilterWindowSize}: ceil(old / (2 * new)). */
    static int jaroszWindowSize(int oldDimension, int newDimension) {
        return (oldDimension + 2 * newDimension - 1) / (2 * newDimension);
    }

    /** {@code jaroszFilterFloat}: nreps of (box along rows 1-&gt;2, box along columns 2-&gt;1). Result in buffer1. */
    static void jaroszFilter(float[] buffer1, float[] buffer2, int numRows, int numCols, int windowAlongRows,
            int windowAlongCols, int nreps) {
        for (int i = 0; i < nreps; i++) {
            for (int r = 0; r < numRows; r++) {
                box1D(buffer1, buffer2, r * numCols, numCols, 1, windowAlongRows);
            }
            for (int c = 0; c < numCols; c++) {
                box1D(buffer2, buffer1, c, numRows, numCols, windowAlongCols);
            }
        }
    }

    /**
     * {@link #jaroszFilter} followed by {@link #decimate} to {@code outRows x outCols}, bit-identical to the pair but
     * faster: the passes along columns run row by row over all columns at once (each column still sees exactly
     * the reference's sequence of float additions, subtractions and divisions, so every value is identical), and
     * the last pass along columns runs only for the columns the decimation reads. {@code buffer1} and
     * {@code buffer2} are scratch afterwards.
     */
    static void jaroszFilterAndDecimate(float[] buffer1, float[] buffer2, float[] sums, int numRows, int numCols,
            int windowAlongRows, int windowAlongCols, int nreps, float[] out, int outRows, int outCols) {
        int[] cols = new int[outCols];
        for (int outj = 0; outj < outCols; outj++) {
            cols[outj] = (int) (((outj + 0.5) * numCols) / outCols);
        }
        if (sums.length < Math.max(numCols, outCols)) {
            sums = new float[Math.max(numCols, outCols)];
        }
        int[] all = new int[numCols];
        for (int c = 0; c < numCols; c++) {
            all[c] = c;
        }
        for (int i = 0; i < nreps; i++) {
            for (int r = 0; r < numRows; r++) {
                box1D(buffer1, buffer2, r * numCols, numCols, 1, windowAlongRows);
            }
            boxColumns(buffer2, buffer1, sums, numRows, numCols, i == nreps - 1 ? cols : all, windowAlongCols);
        }
        for (int outi = 0; outi < outRows; outi++) {
            int ini = (int) (((outi + 0.5) * numRows) / outRows);
            for (int outj = 0; outj < outCols; outj++) {
                out[outi * outCols + outj] = buffer1[ini * numCols + cols[outj]];
            }
        }
    }

    /**
     * {@link #box1D} along every listed column ({@code stride = numCols}, {@code length = numRows}), iterating rows
     * in the outer loop; per column the same operations in the same order as {@code box1D}.
     */
    static void boxColumns(float[] in, float[] out, float[] sums, int numRows, int numCols, int[] cols,
            int fullWindow) {
        int halfWindow = (fullWindow + 2) / 2;
        int phase1 = halfWindow - 1;
        int phase2 = fullWindow - halfWindow + 1;
        int phase3 = numRows - fullWindow;
        int phase4 = halfWindow - 1;
        int n = cols.length;
        boolean dense = n == numCols;
        java.util.Arrays.fill(sums, 0, n, 0.0f);
        int li = 0;
        int ri = 0;
        int oi = 0;
        int window = 0;
        for (int i = 0; i < phase1; i++) {
            int rb = ri * numCols;
            for (int k = 0; k < n; k++) {
                sums[k] += in[rb + (dense ? k : cols[k])];
            }
            window++;
            ri++;
        }
        for (int i = 0; i < phase2; i++) {
            int rb = ri * numCols;
            int ob = oi * numCols;
            window++;
            for (int k = 0; k < n; k++) {
                int c = dense ? k : cols[k];
                float sum = sums[k] + in[rb + c];
                sums[k] = sum;
                out[ob + c] = sum / window;
            }
            ri++;
            oi++;
        }
        for (int i = 0; i < phase3; i++) {
            int rb = ri * numCols;
            int lb = li * numCols;
            int ob = oi * numCols;
            for (int k = 0; k < n; k++) {
                int c = dense ? k : cols[k];
                float sum = sums[k] + in[rb + c];
                sum -= in[lb + c];
                sums[k] = sum;
                out[ob + c] = sum / window;
            }
            li++;
            ri++;
            oi++;
        }
        for (int i = 0; i < phase4; i++) {
            int lb = li * numCols;
            int ob = oi * numCols;
            window--;
            for (int k = 0; k < n; k++) {
                int c = dense ? k : cols[k];
                float sum = sums[k] - in[lb + c];
                sums[k] = sum;
                out[ob + c] = sum / window;
            }
            li++;
            oi++;
        }
    }

    /** {@code box1DFloat}: the four-phase running-sum box filter, float sum divided by the current window size. */
    static void box1D(float[] in, float[] out, int base, int length, int stride, int fullWindow) {
        int halfWindow = (fullWindow + 2) / 2;
        int phase1 = halfWindow - 1;
        int phase2 = fullWindow - halfWindow + 1;
        int phase3 = length - fullWindow;
        int phase4 = halfWindow - 1;
        int li = base;
        int ri = base;
        int oi = base;
        float sum = 0.0f;
        int window = 0;
        for (int i = 0; i < phase1; i++) {
            sum += in[ri];
            window++;
            ri += stride;
        }
        for (int i = 0; i < phase2; i++) {
            sum += in[ri];
            window++;
            out[oi] = sum / window;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase3; i++) {
            sum += in[ri];
            sum -= in[li];
            out[oi] = sum / window;
            li += stride;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase4; i++) {
            sum -= in[li];
            window--;
            out[oi] = sum / window;
            li += stride;
            oi += stride;
        }
    }

    /** {@code decimateFloat}: centre sampling, indices computed in double. */
    static void decimate(float[] in, int inRows, int inCols, float[] out, int outRows, int outCols) {
        for (int outi = 0; outi < outRows; outi++) {
            int ini = (int) (((outi + 0.5) * inRows) / outRows);
            for (int outj = 0; outj < outCols; outj++) {
                int inj = (int) (((outj + 0.5) * inCols) / outCols);
                out[outi * outCols + outj] = in[ini * inCols + inj];
            }
        }
    }

    /** {@code pdqImageDomainQualityMetric}: truncated float gradients, sum / 90 capped at 100. */
    static int quality(float[] a64) {
        int gradientSum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                float u = a64[i * 64 + j];
                float v = a64[(i + 1) * 64 + j];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                float u = a64[i * 64 + j];
                float v = a64[i * 64 + j + 1];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        int q = gradientSum / 90;
        return Math.min(q, 100);
    }

    /**
     * {@code dct64To16}: B = D A D^T with T = D A. Every sum accumulates k = 0..63 in order from 0.0f, as the
     * reference does; the first product is computed as a row-by-row saxpy, which keeps that order per element.
     */
    static void dct64To16(float[] a, float[] t, float[] b) {
        float[] d = DCT;
        java.util.Arrays.fill(t, 0, 16 * 64, 0.0f);
        for (int i = 0; i < 16; i++) {
            int ti = i * 64;
            for (int k = 0; k < 64; k++) {
                float dik = d[i * 64 + k];
                int ak = k * 64;
                for (int j = 0; j < 64; j++) {
                    t[ti + j] += dik * a[ak + j];
                }
            }
        }
        for (int i = 0; i < 16; i++) {
            int ti = i * 64;
            for (int j = 0; j < 16; j++) {
                int dj = j * 64;
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += t[ti + k] * d[dj + k];
                }
                b[i * 16 + j] = sum;
            }
        }
    }

    /** {@code torben}: Torben Mogensen's median (N. Devillard's implementation), exact port. */
    static float torben(float[] m, int n) {
        int less;
        int greater;
        int equal;
        float min = m[0];
        float max = m[0];
        float guess;
        float maxltguess;
        float mingtguess;
        for (int i = 1; i < n; i++) {
            if (m[i] < min) {
                min = m[i];
            }
            if (m[i] > max) {
                max = m[i];
            }
        }
        while (true) {
            guess = (min + max) / 2;
            less = 0;
            greater = 0;
            equal = 0;
            maxltguess = min;
            mingtguess = max;
            for (int i = 0; i < n; i++) {
                if (m[i] < guess) {
                    less++;
                    if (m[i] > maxltguess) {
                        maxltguess = m[i];
                    }
                } else if (m[i] > guess) {
                    greater++;
                    if (m[i] < mingtguess) {
                        mingtguess = m[i];
                    }
                } else {
                    equal++;
                }
            }
            if (less <= (n + 1) / 2 && greater <= (n + 1) / 2) {
                break;
            } else if (less > greater) {
                max = maxltguess;
            } else {
                min = mingtguess;
            }
        }
        if (less >= (n + 1) / 2) {
            return maxltguess;
        } else if (less + equal >= (n + 1) / 2) {
            return guess;
        } else {
            return mingtguess;
        }
    }

    /** {@code pdqBuffer16x16ToBits}: bit i*16+j set when coefficient (i,j) is strictly above the median. */
    static PdqHash toBits(float[] b16) {
        float median = torben(b16, 256);
        long[] w = new long[4];
        for (int k = 0; k < 256; k++) {
            if (b16[k] > median) {
                w[k >>> 6] |= 1L << (k & 63);
            }
        }
        return PdqHash.of(w);
    }

    /**
     * The {@code dct16OriginalTo*} transforms: sign flips on odd/even rows or columns and/or a transpose of the
     * 16x16 DCT block, giving the DCT of the rotated or flipped image.
     */
    static void dihedral(Dihedral d, float[] a, float[] b) {
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float v = a[i * 16 + j];
                switch (d) {
                    case ORIGINAL -> b[i * 16 + j] = v;
                    case ROT90 -> b[j * 16 + i] = (j & 1) != 0 ? v : -v;
                    case ROT180 -> b[i * 16 + j] = ((i + j) & 1) != 0 ? -v : v;
                    case ROT270 -> b[j * 16 + i] = (i & 1) != 0 ? v : -v;
                    case FLIPX -> b[i * 16 + j] = (i & 1) != 0 ? v : -v;
                    case FLIPY -> b[i * 16 + j] = (j & 1) != 0 ? v : -v;
                    case FLIP_PLUS1 -> b[j * 16 + i] = v;
                    case FLIP_MINUS1 -> b[j * 16 + i] = ((i + j) & 1) != 0 ? -v : v;
                }
            }
        }
    }
}

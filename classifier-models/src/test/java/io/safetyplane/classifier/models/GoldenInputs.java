package io.safetyplane.classifier.models;

import java.util.List;

/**
 * The deterministic input tensors of the fidelity test, built exactly as
 * {@code scripts/golden/golden.mjs} builds them (keep the two in step): integer pixel values
 * 0..255 from simple formulas or a 32-bit LCG, fed to the model as float32 {@code v / 255} in NHWC.
 */
final class GoldenInputs {

    static final List<String> PATTERNS =
            List.of("noise-1", "noise-2", "blocks-3", "gradient", "radial", "skin", "clouds-4", "stripes");

    private GoldenInputs() {
    }

    /** Pixel values of one S×S×3 image in NHWC order. */
    static int[] pixels(String pattern, int s) {
        int[] v = new int[s * s * 3];
        Pixel f = pattern(pattern, s);
        int i = 0;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                for (int c = 0; c < 3; c++) {
                    v[i++] = f.at(x, y, c);
                }
            }
        }
        return v;
    }

    /** The model input: {@code v / 255} rounded to float32, as JavaScript's Float32Array stores it. */
    static float[] tensor(int[] pixels) {
        float[] t = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            t[i] = (float) (pixels[i] / 255.0);
        }
        return t;
    }

    /** FNV-1a, 32 bits, over the pixel values as bytes; golden.json records it per input. */
    static String fnv1a(int[] pixels) {
        int h = 0x811c9dc5;
        for (int b : pixels) {
            h = (h ^ b) * 0x01000193;
        }
        return String.format("%08x", h);
    }

    @FunctionalInterface
    private interface Pixel {
        int at(int x, int y, int c);
    }

    /** Numerical Recipes LCG on 32 bits; each call gives the top 8 bits of the next state. */
    private static final class Lcg {
        private int state;

        Lcg(int seed) {
            state = seed;
        }

        int next() {
            state = state * 1664525 + 1013904223;
            return state >>> 24;
        }
    }

    private static Pixel pattern(String pattern, int s) {
        switch (pattern) {
            case "noise-1":
            case "noise-2": {
                // uniform noise: the LCG called once per value, in NHWC order (the order pixels() asks)
                Lcg lcg = new Lcg(pattern.equals("noise-1") ? 1 : 2);
                return (x, y, c) -> lcg.next();
            }
            case "blocks-3": {
                int n = (s + 15) / 16;
                int[] colours = new int[n * n * 3];
                Lcg lcg = new Lcg(3);
                for (int i = 0; i < colours.length; i++) {
                    colours[i] = lcg.next();
                }
                return (x, y, c) -> colours[((y >> 4) * n + (x >> 4)) * 3 + c];
            }
            case "gradient":
                return (x, y, c) -> c == 0 ? x * 255 / (s - 1) : c == 1 ? y * 255 / (s - 1) : (x + y) * 255 / (2 * s - 2);
            case "radial": {
                int max = 2 * (s - 1) * (s - 1);
                return (x, y, c) -> {
                    int dx = 2 * x - (s - 1);
                    int dy = 2 * y - (s - 1);
                    int d = (dx * dx + dy * dy) * 255 / (2 * max);
                    return c == 0 ? 255 - Math.min(255, d) : c == 1 ? Math.min(255, d) : 128;
                };
            }
            case "skin":
                return (x, y, c) -> c == 0 ? 180 + x * 60 / (s - 1)
                        : c == 1 ? 120 + y * 60 / (s - 1) : 90 + (x + y) * 40 / (2 * s - 2);
            case "clouds-4": {
                // smooth value noise: LCG values on a 33×33 grid every 32 pixels, bilinear in integers
                int[] grid = new int[33 * 33 * 3];
                Lcg lcg = new Lcg(4);
                for (int i = 0; i < grid.length; i++) {
                    grid[i] = lcg.next();
                }
                int[] base = {150, 90, 60};
                int[] span = {105, 110, 100};
                return (x, y, c) -> {
                    int gx = x >> 5;
                    int gy = y >> 5;
                    int fx = x & 31;
                    int fy = y & 31;
                    int v = (grid[(gy * 33 + gx) * 3 + c] * (32 - fx) * (32 - fy)
                            + grid[(gy * 33 + gx + 1) * 3 + c] * fx * (32 - fy)
                            + grid[((gy + 1) * 33 + gx) * 3 + c] * (32 - fx) * fy
                            + grid[((gy + 1) * 33 + gx + 1) * 3 + c] * fx * fy) >> 10;
                    return base[c] + v * span[c] / 255;
                };
            }
            case "stripes":
                return (x, y, c) -> (x + 2 * y + 4 * c) / 12 % 2 == 0 ? 230 : 25;
            default:
                throw new IllegalArgumentException("unknown pattern " + pattern);
        }
    }
}

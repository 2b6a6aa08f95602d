package io.safetyplane.classifier.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.safetyplane.classifier.config.ClassifierConfig.Layout;
import io.safetyplane.classifier.config.ClassifierConfig.Resize;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaFormat;

class PreprocessorTest {

    static ModelSpec spec(int w, int h, Layout layout, Resize resize, float[] mean, float[] std) {
        return new ModelSpec("t", "t", "1", "x", Optional.empty(), List.of("a", "b"), Optional.empty(), w, h, layout, resize, mean,
                std, false, List.of());
    }

    static ModelSpec nsfwjs(int size) {
        return spec(size, size, Layout.NHWC, Resize.BILINEAR_ALIGN_CORNERS, new float[3], new float[] { 1, 1, 1 });
    }

    static float[] tensor(DecodedImage img, ModelSpec spec) {
        float[] out = new float[spec.inputSize()];
        Preprocessor.toTensor(img, spec, out, 0);
        return out;
    }

    @Test
    void alignCornersResizeMatchesTheReferenceFormula() {
        // a 2x3 RGB image to 4x5: src = dst * (in - 1) / (out - 1), floor/ceil neighbours, lerp in x then y, on v / 255
        int inW = 2;
        int inH = 3;
        byte[] px = new byte[inW * inH * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37 % 256);
        }
        DecodedImage img = DecodedImage.of(inW, inH, MediaFormat.PNG, 3, px, null, 1);
        ModelSpec spec = spec(4, 5, Layout.NHWC, Resize.BILINEAR_ALIGN_CORNERS, new float[3], new float[] { 1, 1, 1 });
        float[] got = tensor(img, spec);
        for (int y = 0; y < 5; y++) {
            double sy = y * (inH - 1) / 4.0;
            int y0 = (int) Math.floor(sy);
            int y1 = (int) Math.min(Math.ceil(sy), inH - 1);
            for (int x = 0; x < 4; x++) {
                double sx = x * (inW - 1) / 3.0;
                int x0 = (int) Math.floor(sx);
                int x1 = (int) Math.min(Math.ceil(sx), inW - 1);
                for (int c = 0; c < 3; c++) {
                    double tl = (px[(y0 * inW + x0) * 3 + c] & 0xFF) / 255.0;
                    double tr = (px[(y0 * inW + x1) * 3 + c] & 0xFF) / 255.0;
                    double bl = (px[(y1 * inW + x0) * 3 + c] & 0xFF) / 255.0;
                    double br = (px[(y1 * inW + x1) * 3 + c] & 0xFF) / 255.0;
                    double top = tl + (tr - tl) * (sx - x0);
                    double bottom = bl + (br - bl) * (sx - x0);
                    assertEquals(top + (bottom - top) * (sy - y0), got[(y * 4 + x) * 3 + c], 1e-6, "x " + x + " y " + y + " c " + c);
                }
            }
        }
        // the corners are the source corners exactly
        assertEquals((px[0] & 0xFF) / 255f, got[0]);
        assertEquals((px[px.length - 1] & 0xFF) / 255f, got[got.length - 1]);
    }

    @Test
    void anImageAtTheModelSizeIsNotResampled() {
        byte[] px = new byte[4 * 4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 11);
        }
        float[] got = tensor(DecodedImage.of(4, 4, MediaFormat.PNG, 3, px, null, 1), nsfwjs(4));
        for (int i = 0; i < px.length; i++) {
            assertEquals((px[i] & 0xFF) / 255f, got[i]);
        }
    }

    @Test
    void exifOrientationIsAppliedBeforeResizing() {
        // upright 6x4 image; a camera stores it turned counter-clockwise (4x6) with orientation 6
        int w = 6;
        int h = 4;
        byte[] upright = new byte[w * h * 3];
        for (int i = 0; i < upright.length; i++) {
            upright[i] = (byte) (i * 29 + 3);
        }
        byte[] stored = new byte[upright.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // stored (sx, sy) = (y, w - 1 - x), a 4-wide, 6-high image
                int s = ((w - 1 - x) * h + y) * 3;
                System.arraycopy(upright, (y * w + x) * 3, stored, s, 3);
            }
        }
        ModelSpec spec = nsfwjs(5);
        float[] expected = tensor(DecodedImage.of(w, h, MediaFormat.JPEG, 3, upright, null, 1), spec);
        float[] got = tensor(DecodedImage.of(h, w, MediaFormat.JPEG, 3, stored, null, 6), spec);
        assertArrayEquals(expected, got);
    }

    @Test
    void greyIsRepeatedIntoRgbAndAlphaIsDropped() {
        byte[] grey = { 0, 64, (byte) 128, (byte) 255 };
        byte[] alpha = { 0, 10, 20, (byte) 255 };
        byte[] rgb = new byte[12];
        for (int i = 0; i < 4; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
        }
        ModelSpec spec = nsfwjs(3);
        float[] fromGrey = tensor(DecodedImage.of(2, 2, MediaFormat.PNG, 1, grey, alpha, 1), spec);
        float[] fromRgb = tensor(DecodedImage.of(2, 2, MediaFormat.PNG, 3, rgb, null, 1), spec);
        assertArrayEquals(fromRgb, fromGrey);
    }

    @Test
    void nchwLayoutAndNormalisation() {
        byte[] px = { (byte) 255, 0, (byte) 51 };
        ModelSpec spec = spec(1, 1, Layout.NCHW, Resize.BILINEAR_HALF_PIXEL, new float[] { 0.5f, 0.5f, 0.5f },
                new float[] { 0.5f, 0.25f, 0.5f });
        float[] got = tensor(DecodedImage.of(1, 1, MediaFormat.PNG, 3, px, null, 1), spec);
        assertArrayEquals(new float[] { 1f, -2f, (0.2f - 0.5f) / 0.5f }, got, 1e-6f);
        // 2x1 to 4x1 with half-pixel centres: 0, 0.25, 0.75, 1 of the way
        byte[] two = { 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 };
        ModelSpec wide = spec(4, 1, Layout.NHWC, Resize.BILINEAR_HALF_PIXEL, new float[3], new float[] { 1, 1, 1 });
        float[] r = tensor(DecodedImage.of(2, 1, MediaFormat.PNG, 3, two, null, 1), wide);
        assertEquals(0f, r[0], 1e-6);
        assertEquals(0.25f, r[3], 1e-6);
        assertEquals(0.75f, r[6], 1e-6);
        assertEquals(1f, r[9], 1e-6);
    }
}

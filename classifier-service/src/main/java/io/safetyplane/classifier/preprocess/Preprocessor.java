package io.safetyplane.classifier.preprocess;

import io.safetyplane.classifier.config.ClassifierConfig.Layout;
import io.safetyplane.classifier.config.ClassifierConfig.Resize;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.media.DecodedImage;

/**
 * Turns a decoded image into one item of a model's input tensor, exactly as the model expects it:
 * <ol>
 * <li>the EXIF orientation is applied ({@link DecodedImage#oriented()}), so the model sees the picture
 * as a person does;</li>
 * <li>alpha is dropped, not composited (as nsfwjs' {@code decodeImage(buf, 3)}); grey images, whose
 * samples the media decoder reads from the raster (never through {@code getRGB}'s linear-grey colour
 * space), are repeated into R, G and B; 16-bit samples arrive from the decoder scaled to 8 bits as
 * {@code floor(v * 255 / 65535 + 0.5)};</li>
 * <li>samples are scaled to [0, 1] ({@code v / 255} in float, as nsfwjs' {@code toFloat().div(255)})
 * and resized straight to width × height without keeping the aspect ratio: bilinear with aligned
 * corners ({@code src = dst * (in - 1) / (out - 1)}, floor and ceiling neighbours, interpolated in x
 * and then in y, as TensorFlow's {@code resizeBilinear(alignCorners=true)}) or with half-pixel
 * centres; an image already at the model's size is not resampled;</li>
 * <li>normalised per channel, {@code (v - mean) / std}, and written in NHWC or NCHW order.</li>
 * </ol>
 */
public final class Preprocessor {

    private Preprocessor() {
    }

    /**
     * Writes {@code spec.inputSize()} floats for {@code image} into {@code out} from {@code offset}.
     */
    public static void toTensor(DecodedImage image, ModelSpec spec, float[] out, int offset) {
        DecodedImage img = image.oriented();
        int inW = img.width();
        int inH = img.height();
        int outW = spec.width();
        int outH = spec.height();
        int c = img.channels();
        byte[] px = img.pixels();

        Axis xs = Axis.of(inW, outW, spec.resize());
        Axis ys = Axis.of(inH, outH, spec.resize());
        float[] mean = spec.mean();
        float[] invStd = new float[3];
        for (int k = 0; k < 3; k++) {
            invStd[k] = 1f / spec.std()[k];
        }
        boolean identity = mean[0] == 0 && mean[1] == 0 && mean[2] == 0 && invStd[0] == 1 && invStd[1] == 1 && invStd[2] == 1;
        boolean nhwc = spec.layout() == Layout.NHWC;
        int plane = outW * outH;
        // sample offsets of the left and right neighbours within a row, per output column
        int[] left = new int[outW];
        int[] right = new int[outW];
        for (int x = 0; x < outW; x++) {
            left[x] = xs.lo[x] * c;
            right[x] = xs.hi[x] * c;
        }
        int step = c == 1 ? 0 : 1; // grey: R, G and B read the one sample
        for (int y = 0; y < outH; y++) {
            int top = ys.lo[y] * inW * c;
            int bottom = ys.hi[y] * inW * c;
            float fy = ys.frac[y];
            for (int x = 0; x < outW; x++) {
                float fx = xs.frac[x];
                int tl = top + left[x];
                int tr = top + right[x];
                int bl = bottom + left[x];
                int br = bottom + right[x];
                int at = nhwc ? offset + (y * outW + x) * 3 : offset + y * outW + x;
                int stride = nhwc ? 1 : plane;
                for (int k = 0, ch = 0; k < 3; k++, ch += step) {
                    float a = UNIT[px[tl + ch] & 0xFF];
                    float b = UNIT[px[tr + ch] & 0xFF];
                    float d = UNIT[px[bl + ch] & 0xFF];
                    float e = UNIT[px[br + ch] & 0xFF];
                    float t = a + (b - a) * fx;
                    float u = d + (e - d) * fx;
                    float v = t + (u - t) * fy;
                    out[at + k * stride] = identity ? v : (v - mean[k]) * invStd[k];
                }
            }
        }
    }

    /** 8-bit samples scaled to [0, 1] in float, as {@code tf.toFloat().div(255)}. */
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    /** Source neighbours and interpolation weight of every output position along one axis. */
    static final class Axis {
        final int[] lo;
        final int[] hi;
        final float[] frac;

        private Axis(int n) {
            lo = new int[n];
            hi = new int[n];
            frac = new float[n];
        }

        static Axis of(int in, int out, Resize resize) {
            Axis a = new Axis(out);
            if (in == out) { // no resampling: every output position is a source position
                for (int i = 0; i < out; i++) {
                    a.lo[i] = i;
                    a.hi[i] = i;
                }
                return a;
            }
            if (resize == Resize.BILINEAR_ALIGN_CORNERS) {
                // TensorFlow: effective sizes in - 1 and out - 1 (out > 1), ratio in double, floor and min(ceil, in - 1)
                double ratio = out > 1 ? (double) (in - 1) / (out - 1) : (double) in / out;
                for (int i = 0; i < out; i++) {
                    double src = ratio * i;
                    int f = (int) Math.floor(src);
                    a.lo[i] = Math.min(f, in - 1);
                    a.hi[i] = Math.min((int) Math.ceil(src), in - 1);
                    a.frac[i] = (float) (src - f);
                }
            } else {
                double ratio = (double) in / out;
                for (int i = 0; i < out; i++) {
                    double src = Math.max(0, (i + 0.5) * ratio - 0.5);
                    int f = Math.min((int) Math.floor(src), in - 1);
                    a.lo[i] = f;
                    a.hi[i] = Math.min(f + 1, in - 1);
                    a.frac[i] = (float) (src - f);
                }
            }
            return a;
        }
    }
}

package io.safetyplane.bench;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The image sets of the classifier benchmark, generated deterministically (fixed seeds, Java2D and the
 * JDK's encoders), so that every run and the nsfwjs comparison see the same bytes:
 * <ul>
 * <li>{@link #benchmarkSet()}: 16 images of 512 × 512, twelve photo-like renders as baseline JPEG
 * (quality 0.85, with sensor-like noise) and four flat illustrations with text as PNG (RGB, 8 bit);</li>
 * <li>{@link #benignSet()}: 250 benign images in five kinds (gradients, plasma fractals, textures,
 * photo-like renders, text), 50 each, 192 to 640 pixels a side, JPEG and PNG alternating.</li>
 * </ul>
 */
public final class ClassifierImages {

    /** One encoded image. */
    public record Image(String name, String kind, byte[] bytes) {
    }

    private ClassifierImages() {
    }

    public static List<Image> benchmarkSet() {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(new Image(String.format("photo-%02d.jpg", i), "photo", jpeg(photo(512, 512, 1000 + i, true), 0.85f)));
        }
        for (int i = 0; i < 4; i++) {
            out.add(new Image(String.format("illustration-%02d.png", i), "illustration", png(illustration(512, 512, 2000 + i))));
        }
        return out;
    }

    public static final List<String> BENIGN_KINDS = List.of("gradient", "plasma", "texture", "photo", "text");

    public static List<Image> benignSet() {
        List<Image> out = new ArrayList<>();
        int n = 0;
        for (String kind : BENIGN_KINDS) {
            for (int i = 0; i < 50; i++, n++) {
                SplittableRandom r = new SplittableRandom(50_000L + n);
                int w = 192 + 64 * r.nextInt(8);
                int h = 192 + 64 * r.nextInt(8);
                long seed = 7_000L + n;
                BufferedImage img = switch (kind) {
                    case "gradient" -> gradient(w, h, seed);
                    case "plasma" -> plasma(w, h, seed);
                    case "texture" -> texture(w, h, seed);
                    case "photo" -> photo(w, h, seed, i % 2 == 0);
                    default -> text(w, h, seed);
                };
                boolean asJpeg = i % 2 == 0;
                out.add(new Image(String.format("%s-%02d.%s", kind, i, asJpeg ? "jpg" : "png"), kind,
                        asJpeg ? jpeg(img, 0.85f) : png(img)));
            }
        }
        return out;
    }

    // --- generators ------------------------------------------------------------------------------

    static BufferedImage rgb(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    static Color color(SplittableRandom r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    /** Linear (two or three stops) or radial gradients of random colours. */
    static BufferedImage gradient(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = rgb(w, h);
        Graphics2D g = graphics(img);
        if (r.nextBoolean()) {
            g.setPaint(new java.awt.LinearGradientPaint(r.nextInt(w), 0, r.nextInt(w), h, new float[] { 0f, 0.5f, 1f },
                    new Color[] { color(r), color(r), color(r) }));
        } else {
            g.setPaint(new RadialGradientPaint(r.nextInt(w), r.nextInt(h), Math.max(w, h) * (0.3f + r.nextFloat() * 0.7f),
                    new float[] { 0f, 1f }, new Color[] { color(r), color(r) }, MultipleGradientPaint.CycleMethod.REFLECT));
        }
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /**
     * A plasma fractal as ImageMagick's {@code plasma:fractal}: diamond-square midpoint displacement of
     * each channel separately, from random corner colours; the kind of texture the default model scores
     * highest on Porn.
     */
    static BufferedImage plasma(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = Integer.highestOneBit(Math.max(w, h) - 1) * 2 + 1;
        double[][] ch = new double[3][];
        double rough = 0.55 + r.nextDouble() * 0.35;
        for (int c = 0; c < 3; c++) {
            ch[c] = diamondSquare(size, rough, r);
        }
        BufferedImage img = rgb(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * size + x;
                img.setRGB(x, y, (clamp(ch[0][i]) << 16) | (clamp(ch[1][i]) << 8) | clamp(ch[2][i]));
            }
        }
        return img;
    }

    private static double[] diamondSquare(int size, double rough, SplittableRandom r) {
        double[] a = new double[size * size];
        int n = size - 1;
        a[0] = r.nextDouble() * 255;
        a[n] = r.nextDouble() * 255;
        a[n * size] = r.nextDouble() * 255;
        a[n * size + n] = r.nextDouble() * 255;
        double amp = 128;
        for (int step = n; step > 1; step /= 2, amp *= rough) {
            int half = step / 2;
            for (int y = half; y < size; y += step) {
                for (int x = half; x < size; x += step) {
                    double avg = (a[(y - half) * size + x - half] + a[(y - half) * size + x + half] + a[(y + half) * size + x - half]
                            + a[(y + half) * size + x + half]) / 4;
                    a[y * size + x] = avg + (r.nextDouble() * 2 - 1) * amp;
                }
            }
            for (int y = 0; y < size; y += half) {
                for (int x = (y / half) % 2 == 0 ? half : 0; x < size; x += step) {
                    double s = 0;
                    int k = 0;
                    if (y >= half) { s += a[(y - half) * size + x]; k++; }
                    if (y + half < size) { s += a[(y + half) * size + x]; k++; }
                    if (x >= half) { s += a[y * size + x - half]; k++; }
                    if (x + half < size) { s += a[y * size + x + half]; k++; }
                    a[y * size + x] = s / k + (r.nextDouble() * 2 - 1) * amp;
                }
            }
        }
        return a;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Value-noise textures: granite-like speckle, marble veins, wood rings, in a random two-colour palette. */
    static BufferedImage texture(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int style = r.nextInt(3);
        Color c0 = color(r);
        Color c1 = color(r);
        int gs = 4 + r.nextInt(12);
        double[] grid = new double[(gs + 2) * (gs + 2) * 16];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = r.nextDouble();
        }
        BufferedImage img = rgb(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double v = (double) y / h;
                double turb = 0;
                for (int o = 0; o < 4; o++) {
                    int f = 1 << o;
                    turb += valueNoise(grid, gs, u * gs * f % gs, v * gs * f % gs) / f;
                }
                turb /= 1.875;
                double t = switch (style) {
                    case 0 -> turb * 0.6 + 0.4 * r.nextDouble(); // granite: noise plus speckle
                    case 1 -> 0.5 + 0.5 * Math.sin((u * 6 + turb * 5) * Math.PI); // marble
                    default -> (Math.hypot(u - 0.5, v - 0.5) * 12 + turb * 3) % 1.0; // wood rings
                };
                int rr = (int) (c0.getRed() + (c1.getRed() - c0.getRed()) * t);
                int gg = (int) (c0.getGreen() + (c1.getGreen() - c0.getGreen()) * t);
                int bb = (int) (c0.getBlue() + (c1.getBlue() - c0.getBlue()) * t);
                img.setRGB(x, y, (clamp(rr) << 16) | (clamp(gg) << 8) | clamp(bb));
            }
        }
        return img;
    }

    private static double valueNoise(double[] grid, int gs, double x, double y) {
        int x0 = (int) x;
        int y0 = (int) y;
        double fx = x - x0;
        double fy = y - y0;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        int s = gs + 1;
        double a = grid[y0 * s + x0];
        double b = grid[y0 * s + (x0 + 1) % s];
        double c = grid[((y0 + 1) % s) * s + x0];
        double d = grid[((y0 + 1) % s) * s + (x0 + 1) % s];
        return (a + (b - a) * fx) + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy;
    }

    /**
     * A photo-like render: sky and ground gradients, a sun, hills, buildings or trees, lit shapes, then
     * Gaussian sensor noise (so that JPEG decoding costs what a photo's does).
     */
    static BufferedImage photo(int w, int h, long seed, boolean noise) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = rgb(w, h);
        Graphics2D g = graphics(img);
        int horizon = (int) (h * (0.4 + r.nextDouble() * 0.3));
        Color skyTop = new Color(40 + r.nextInt(80), 90 + r.nextInt(90), 170 + r.nextInt(85));
        g.setPaint(new GradientPaint(0, 0, skyTop, 0, horizon, new Color(200 + r.nextInt(55), 200 + r.nextInt(55), 220 + r.nextInt(35))));
        g.fillRect(0, 0, w, horizon);
        g.setColor(new Color(255, 240, 200));
        int sun = 20 + r.nextInt(40);
        g.fill(new Ellipse2D.Double(r.nextInt(w), r.nextInt(Math.max(1, horizon / 2)), sun, sun));
        for (int k = 0; k < 3; k++) { // hills
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0, h);
            for (int x = 0; x <= w; x += w / 16) {
                p.lineTo(x, horizon - 10 - r.nextInt(Math.max(1, h / 6)) + k * 20);
            }
            p.lineTo(w, h);
            p.closePath();
            g.setColor(new Color(30 + r.nextInt(60), 80 + r.nextInt(80), 30 + r.nextInt(50)));
            g.fill(p);
        }
        g.setPaint(new GradientPaint(0, horizon, new Color(90 + r.nextInt(60), 110 + r.nextInt(50), 60 + r.nextInt(40)), 0, h,
                new Color(50 + r.nextInt(40), 60 + r.nextInt(40), 30 + r.nextInt(30))));
        g.fillRect(0, horizon + 40, w, h - horizon - 40);
        int objects = 4 + r.nextInt(8);
        for (int k = 0; k < objects; k++) {
            int ow = 10 + r.nextInt(Math.max(1, w / 5));
            int oh = 20 + r.nextInt(Math.max(1, h / 3));
            int ox = r.nextInt(w);
            int oy = horizon + r.nextInt(Math.max(1, h - horizon)) - oh;
            if (r.nextBoolean()) { // a building with windows
                Color wall = new Color(120 + r.nextInt(100), 110 + r.nextInt(90), 100 + r.nextInt(90));
                g.setPaint(new GradientPaint(ox, oy, wall.brighter(), ox + ow, oy, wall.darker()));
                g.fillRect(ox, oy, ow, oh);
                g.setColor(new Color(40, 50, 70));
                for (int wy = oy + 5; wy < oy + oh - 8; wy += 12) {
                    for (int wx = ox + 4; wx < ox + ow - 6; wx += 10) {
                        g.fillRect(wx, wy, 5, 7);
                    }
                }
            } else { // a tree
                g.setColor(new Color(80, 60, 40));
                g.fillRect(ox + ow / 2 - 3, oy + oh / 2, 6, oh / 2);
                g.setPaint(new RadialGradientPaint(ox + ow / 2f, oy + oh / 3f, Math.max(ow, oh) / 2f, new float[] { 0f, 1f },
                        new Color[] { new Color(60, 140 + r.nextInt(60), 50), new Color(20, 70, 20) }));
                g.fill(new Ellipse2D.Double(ox, oy, ow, oh * 0.7));
            }
        }
        g.dispose();
        if (noise) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = img.getRGB(x, y);
                    double n = r.nextDouble() * 2 - 1 + r.nextDouble() * 2 - 1;
                    int d = (int) Math.round(n * 6);
                    img.setRGB(x, y, (clamp(((p >> 16) & 255) + d) << 16) | (clamp(((p >> 8) & 255) + d) << 8) | clamp((p & 255) + d));
                }
            }
        }
        return img;
    }

    /** A flat illustration (shapes, outlines, a caption), as generated images and screenshots often are: PNG content. */
    static BufferedImage illustration(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = rgb(w, h);
        Graphics2D g = graphics(img);
        g.setColor(new Color(230 + r.nextInt(25), 230 + r.nextInt(25), 220 + r.nextInt(35)));
        g.fillRect(0, 0, w, h);
        g.setStroke(new BasicStroke(3));
        for (int k = 0; k < 14; k++) {
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.7f + 0.3f * r.nextFloat()));
            g.setColor(color(r));
            int x = r.nextInt(w), y = r.nextInt(h), s = 20 + r.nextInt(w / 3);
            if (r.nextBoolean()) {
                g.fillRoundRect(x - s / 2, y - s / 2, s, s * 2 / 3, 16, 16);
            } else {
                g.fill(new Ellipse2D.Double(x - s / 2.0, y - s / 2.0, s, s));
            }
            g.setComposite(AlphaComposite.SrcOver);
            g.setColor(Color.DARK_GRAY);
            g.drawOval(x - s / 2, y - s / 2, s, s);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
        g.drawString("Safety Plane benchmark " + seed, 20, h - 30);
        g.dispose();
        return img;
    }

    private static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while quarterly revenue grew by "
            + "twelve percent and the committee approved the new harbour bridge lighthouse keeper weather report "
            + "invoice total amount due recipe flour sugar butter bake minutes oven chapter one it was a bright cold day")
            .split(" ");

    /** Rendered text: paragraphs on a light or dark page, now and then a heading, in several fonts. */
    static BufferedImage text(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = rgb(w, h);
        Graphics2D g = graphics(img);
        boolean dark = r.nextInt(4) == 0;
        g.setColor(dark ? new Color(20 + r.nextInt(30), 20 + r.nextInt(30), 30 + r.nextInt(30))
                : new Color(235 + r.nextInt(20), 235 + r.nextInt(20), 225 + r.nextInt(30)));
        g.fillRect(0, 0, w, h);
        String[] families = { Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED };
        int size = 11 + r.nextInt(14);
        g.setFont(new Font(families[r.nextInt(3)], Font.BOLD, size * 2));
        g.setColor(dark ? new Color(240, 240, 240) : new Color(10, 10, 10));
        int y = size * 2 + 8;
        g.drawString(WORDS[r.nextInt(WORDS.length)].toUpperCase() + " " + WORDS[r.nextInt(WORDS.length)], 12, y);
        g.setFont(new Font(families[r.nextInt(3)], Font.PLAIN, size));
        y += size + 10;
        while (y < h - 8) {
            StringBuilder line = new StringBuilder();
            while (g.getFontMetrics().stringWidth(line + " " + WORDS[0]) < w - 40) {
                line.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            g.drawString(line.toString(), 12, y);
            y += size + 4 + (r.nextInt(6) == 0 ? size : 0);
        }
        g.dispose();
        return img;
    }

    // --- encoders --------------------------------------------------------------------------------

    static byte[] jpeg(BufferedImage img, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

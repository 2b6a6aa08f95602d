package io.safetyplane.media;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import io.safetyplane.media.MediaRejectedException.Reason;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP and WebP with limits checked before decoding. Thread-safe: a fresh
 * ImageIO reader is created per call.
 *
 * <p>Order of checks: empty, byte size, magic-byte sniff, header dimensions (parsed by hand, no pixel buffers),
 * pixel count, then decode under a deadline ({@link ImageReader#abort()} is scheduled after
 * {@link MediaLimits#maxDecodeTime()}). JPEGs are read as raw components ({@code readRaster}) and colour-converted
 * with libjpeg's integer tables, so the RGB matches what libjpeg-turbo gives ImageMagick in Meta's PDQ reference;
 * see {@link DecodedImage} for the pixel conventions.
 *
 * <p>Speed: progressive JPEGs are first transcoded losslessly to baseline ({@link ProgressiveJpeg}; the JDK decodes
 * progressive files by emitting a full image after every scan), and common PNG layouts are decoded directly
 * ({@link FastPng}); both give exactly the pixels of the JDK readers and fall back to them on anything unusual, so
 * errors are still reported by the JDK readers. {@link #decodeSampled} avoids full-resolution RGB for callers that
 * only need a nearest-neighbour downsample (PDQ). Streams are in-memory ({@link MemoryCacheImageInputStream}, never
 * ImageIO's disk cache) and the reader SPIs are looked up once.
 */
public final class MediaDecoder {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "media-decode-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final Map<MediaFormat, ImageReaderSpi> SPIS = findSpis();

    private final MediaLimits limits;

    public MediaDecoder(MediaLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public MediaLimits limits() {
        return limits;
    }

    /**
     * Runs every pre-decode check and returns format and dimensions from the header only.
     *
     * @throws MediaRejectedException EMPTY, TOO_LARGE, UNSUPPORTED_FORMAT, CORRUPT (unreadable header or
     *                                non-positive dimensions) or TOO_MANY_PIXELS
     */
    public ImageHeader probe(byte[] bytes) throws MediaRejectedException {
        return inspect(bytes).header;
    }

    /**
     * Decodes the image (first frame for GIF).
     *
     * @throws MediaRejectedException with the reason; runtime failures of the underlying decoders are mapped to
     *                                CORRUPT, out-of-memory to TOO_MANY_PIXELS, the deadline to TIMEOUT
     */
    public DecodedImage decode(byte[] bytes) throws MediaRejectedException {
        return decode(bytes, 0);
    }

    /**
     * Decodes like {@link #decode(byte[])}, with the same checks, limits and errors, but when the image is wider or
     * taller than {@code maxSide} returns it resized to exactly {@code maxSide x maxSide} by nearest neighbour:
     * output pixel (x, y) is source pixel ({@code floor(x * width / maxSide)}, {@code floor(y * height / maxSide)}),
     * CImg's {@code resize(..., 1)} as used by Meta's PDQ reference. JPEGs are colour-converted only at the
     * sampled positions, so no full-resolution RGB buffer is built. Smaller images are returned at full size.
     *
     * <p>Channels: the result has one channel when the full-resolution image is grey or every one of its pixels
     * is neutral (R = G = B), as ImageMagick would write it as PGM; otherwise three. So a three-channel result may
     * consist of neutral samples only while the full image is not neutral; consumers that distinguish grey from
     * RGB by pixel content (such as {@code PdqHasher.hash(DecodedImage)}) must rely on the channel count instead.
     * Alpha, when present, is sampled at the same positions.
     *
     * @param maxSide the largest width and height returned unsampled, at least 1
     * @throws MediaRejectedException as {@link #decode(byte[])}
     */
    public DecodedImage decodeSampled(byte[] bytes, int maxSide) throws MediaRejectedException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
        }
        return decode(bytes, maxSide);
    }

    /** {@code maxSide} 0: full resolution, exactly as before. */
    private DecodedImage decode(byte[] bytes, int maxSide) throws MediaRejectedException {
        ContainerInfo info = inspect(bytes);
        MediaFormat f = info.header.format();
        ImageReaderSpi spi = SPIS.get(f);
        if (spi == null) {
            throw new MediaRejectedException(Reason.UNSUPPORTED_FORMAT, "no ImageIO reader available for " + f);
        }
        ImageReader reader;
        try {
            reader = spi.createReaderInstance();
        } catch (IOException e) {
            throw new MediaRejectedException(Reason.UNSUPPORTED_FORMAT, "cannot create " + f + " reader", e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        List<String> warnings = new CopyOnWriteArrayList<>();
        long nanos = limits.maxDecodeTime().toNanos();
        long start = System.nanoTime();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            reader.abort();
        }, nanos, TimeUnit.NANOSECONDS);
        try {
            // progressive JPEGs: lossless transcoding to baseline, see ProgressiveJpeg (null: decode as is)
            byte[] input = f == MediaFormat.JPEG && ProgressiveJpeg.isProgressive(bytes)
                    ? Objects.requireNonNullElse(ProgressiveJpeg.toBaseline(bytes), bytes) : bytes;
            checkDeadline(timedOut, start, nanos, f);
            if (f == MediaFormat.PNG) {
                // common PNG layouts directly (same pixels as below); null: the JDK reader decodes it
                FastPng.Result png = FastPng.decode(bytes, timedOut::get);
                checkDeadline(timedOut, start, nanos, f);
                if (png != null) {
                    PixelConverter.Pixels px = png.pixels();
                    int w = png.width();
                    int h = png.height();
                    if (maxSide > 0) {
                        int[][] idx = sampling(w, h, maxSide);
                        px = PixelConverter.sample(px, w, idx[0], idx[1]);
                        w = idx[0].length;
                        h = idx[1].length;
                    }
                    return DecodedImage.of(w, h, f, px.channels(), px.pixels(), px.alpha(), info.orientation);
                }
            }
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(input))) {
                reader.setInput(in, true, f != MediaFormat.GIF);
                reader.addIIOReadWarningListener((IIOReadWarningListener) (src, warning) -> warnings.add(warning));
                PixelConverter.Pixels px;
                int w;
                int h;
                if (f == MediaFormat.JPEG) {
                    Raster r = reader.readRaster(0, null);
                    checkDeadline(timedOut, start, nanos, f);
                    w = r.getWidth();
                    h = r.getHeight();
                    if (maxSide > 0) {
                        int[][] idx = sampling(w, h, maxSide);
                        px = PixelConverter.fromJpegRasterSampled(r, info, idx[0], idx[1]);
                        w = idx[0].length;
                        h = idx[1].length;
                    } else {
                        px = PixelConverter.fromJpegRaster(r, info);
                    }
                } else {
                    BufferedImage img = reader.read(0);
                    checkDeadline(timedOut, start, nanos, f);
                    if (img == null) {
                        throw new MediaRejectedException(Reason.CORRUPT, f + " reader returned no image");
                    }
                    w = img.getWidth();
                    h = img.getHeight();
                    px = PixelConverter.fromImage(img.getRaster(), img.getColorModel());
                    if (maxSide > 0) {
                        int[][] idx = sampling(w, h, maxSide);
                        img = null; // let the full-resolution image go before sampling allocates
                        px = PixelConverter.sample(px, w, idx[0], idx[1]);
                        w = idx[0].length;
                        h = idx[1].length;
                    }
                }
                checkDeadline(timedOut, start, nanos, f);
                for (String warning : warnings) {
                    if (isTruncation(warning)) {
                        throw new MediaRejectedException(Reason.CORRUPT, f + " data is truncated: " + warning);
                    }
                }
                return DecodedImage.of(w, h, f, px.channels(), px.pixels(), px.alpha(), info.orientation);
            }
        } catch (MediaRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            if (timedOut.get()) {
                throw timeout(f, e);
            }
            throw new MediaRejectedException(Reason.CORRUPT, f + " decoding failed: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new MediaRejectedException(Reason.TOO_MANY_PIXELS,
                    f + " " + info.header.width() + "x" + info.header.height() + " ran out of memory while decoding",
                    e);
        } finally {
            watchdog.cancel(false);
            reader.dispose();
        }
    }

    private static int[][] sampling(int w, int h, int maxSide) {
        boolean resize = w > maxSide || h > maxSide;
        return new int[][] {PixelConverter.sampleIndex(w, resize ? maxSide : w),
            PixelConverter.sampleIndex(h, resize ? maxSide : h)};
    }

    private void checkDeadline(AtomicBoolean timedOut, long start, long nanos, MediaFormat f)
            throws MediaRejectedException {
        if (timedOut.get() || System.nanoTime() - start > nanos) {
            throw timeout(f, null);
        }
    }

    private MediaRejectedException timeout(MediaFormat f, Throwable cause) {
        return new MediaRejectedException(Reason.TIMEOUT,
                f + " decoding exceeded the limit of " + limits.maxDecodeTime().toMillis() + " ms", cause);
    }

    private static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncat") || w.contains("unexpected end");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && (m == null || !m.contains(c.getMessage()))) {
            m = (m == null ? "" : m + ": ") + c.getMessage();
        }
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private ContainerInfo inspect(byte[] bytes) throws MediaRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new MediaRejectedException(Reason.EMPTY, "input is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new MediaRejectedException(Reason.TOO_LARGE,
                    "input has " + bytes.length + " bytes, limit " + limits.maxBytes());
        }
        MediaFormat f = MediaFormat.sniff(bytes).orElseThrow(() -> new MediaRejectedException(
                Reason.UNSUPPORTED_FORMAT, "unrecognised format (magic bytes " + hexPrefix(bytes) + ")"));
        ContainerInfo info = ContainerInfo.parse(f, bytes);
        ImageHeader h = info.header;
        if (h.pixels() > limits.maxPixels()) {
            throw new MediaRejectedException(Reason.TOO_MANY_PIXELS, f + " header declares " + h.width() + "x"
                    + h.height() + " = " + h.pixels() + " pixels, limit " + limits.maxPixels());
        }
        if (info.gifScreenPixels > limits.maxPixels()) {
            throw new MediaRejectedException(Reason.TOO_MANY_PIXELS, "GIF logical screen declares "
                    + info.gifScreenPixels + " pixels, limit " + limits.maxPixels());
        }
        return info;
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    /** JDK readers for the built-in formats (preferred over any other plugin), TwelveMonkeys' SPI for WebP. */
    private static Map<MediaFormat, ImageReaderSpi> findSpis() {
        Map<MediaFormat, ImageReaderSpi> m = new EnumMap<>(MediaFormat.class);
        m.put(MediaFormat.JPEG, jdkSpi("jpeg"));
        m.put(MediaFormat.PNG, jdkSpi("png"));
        m.put(MediaFormat.GIF, jdkSpi("gif"));
        m.put(MediaFormat.BMP, jdkSpi("bmp"));
        m.put(MediaFormat.WEBP, new WebPImageReaderSpi());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    private static ImageReaderSpi jdkSpi(String name) {
        ImageReaderSpi fallback = null;
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(name);
        while (it.hasNext()) {
            ImageReader r = it.next();
            ImageReaderSpi spi = r.getOriginatingProvider();
            if (spi == null) {
                continue;
            }
            if (spi.getClass().getName().startsWith("com.sun.imageio.")) {
                return spi;
            }
            if (fallback == null) {
                fallback = spi;
            }
        }
        return fallback;
    }
}

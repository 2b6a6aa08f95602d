package io.safetyplane.media;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits enforced by {@link MediaDecoder}; the byte and pixel limits are checked before any pixel buffer is allocated.
 *
 * @param maxBytes       largest accepted encoded size
 * @param maxPixels      largest accepted {@code width * height} as declared by the header
 * @param maxDecodeTime  wall-clock budget for one decode; the ImageIO reader is aborted after it
 */
public record MediaLimits(long maxBytes, long maxPixels, Duration maxDecodeTime) {

    /** 32 MiB. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** 10 seconds. */
    public static final Duration DEFAULT_MAX_DECODE_TIME = Duration.ofSeconds(10);

    public MediaLimits {
        Objects.requireNonNull(maxDecodeTime, "maxDecodeTime");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (maxDecodeTime.isNegative() || maxDecodeTime.isZero()) {
            throw new IllegalArgumentException("maxDecodeTime must be positive, got " + maxDecodeTime);
        }
    }

    /** 32 MiB, 50,000,000 pixels, 10 s. */
    public static MediaLimits defaults() {
        return new MediaLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_TIME);
    }
}

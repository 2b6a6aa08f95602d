package io.safetyplane.media;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and sampling of {@link VideoSampler}. Bytes, frame size, duration and frame count are checked from the container
 * (and the H.264 sequence parameter sets) before any frame is decoded; the decode time while decoding.
 *
 * @param maxBytes         largest accepted file
 * @param maxPixels        largest accepted frame, {@code width * height}, as declared by the sample entry and by every SPS
 * @param maxDuration      longest accepted video
 * @param maxFrames        most frames the video track may declare
 * @param maxDecodeTime    wall-clock budget for demuxing and decoding one video
 * @param framesPerSecond  sampling rate: one frame every {@code 1 / framesPerSecond} seconds, from the first frame
 * @param maxSamples       most frames sampled; a longer video is sampled at evenly spread times instead
 */
public record VideoLimits(long maxBytes, long maxPixels, Duration maxDuration, long maxFrames, Duration maxDecodeTime,
        double framesPerSecond, int maxSamples) {

    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    /** 3840 x 2160. */
    public static final long DEFAULT_MAX_PIXELS = 3840L * 2160;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
    /** Ten minutes at 60 frames per second. */
    public static final long DEFAULT_MAX_FRAMES = 36_000;
    public static final Duration DEFAULT_MAX_DECODE_TIME = Duration.ofSeconds(30);
    public static final double DEFAULT_FRAMES_PER_SECOND = 1.0;
    public static final int DEFAULT_MAX_SAMPLES = 32;

    public VideoLimits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(maxDecodeTime, "maxDecodeTime");
        if (maxBytes <= 0 || maxPixels <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("maxBytes, maxPixels and maxFrames must be positive");
        }
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDecodeTime.isNegative() || maxDecodeTime.isZero()) {
            throw new IllegalArgumentException("maxDuration and maxDecodeTime must be positive");
        }
        if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
            throw new IllegalArgumentException("framesPerSecond must be positive, got " + framesPerSecond);
        }
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, got " + maxSamples);
        }
    }

    /** 32 MiB, 3840x2160, 10 minutes, 36,000 frames, 30 s, 1 frame per second, 32 frames. */
    public static VideoLimits defaults() {
        return new VideoLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DURATION, DEFAULT_MAX_FRAMES,
                DEFAULT_MAX_DECODE_TIME, DEFAULT_FRAMES_PER_SECOND, DEFAULT_MAX_SAMPLES);
    }
}

package io.safetyplane.media;

import java.util.List;

/**
 * The frames {@link VideoSampler} took from a video.
 *
 * @param codec          the video track's sample entry fourcc, {@code avc1} or {@code avc3}
 * @param width          frame width after cropping, as decoded
 * @param height         frame height after cropping
 * @param orientation    the EXIF orientation (1–8) of the track header's matrix, which every frame carries
 * @param durationSeconds the video track's duration
 * @param totalFrames    frames the track declares
 * @param intervalSeconds time between sampled frames (1 / frames per second, longer when the sample cap spreads them)
 * @param frames         the sampled frames in time order, the first frame first
 */
public record SampledVideo(String codec, int width, int height, int orientation, double durationSeconds, long totalFrames,
        double intervalSeconds, List<Frame> frames) {

    public SampledVideo {
        frames = List.copyOf(frames);
    }

    /**
     * One sampled frame.
     *
     * @param frameNumber   the frame's position in the track, 0 = first in decoding order
     * @param timeSeconds   presentation time from the start of the track
     * @param image         the frame as RGB, format {@link MediaFormat#MP4}, as decoded, with the orientation of the
     *                      track header's matrix ({@link DecodedImage#oriented()} turns it upright); null once handed to a sink
     */
    public record Frame(long frameNumber, double timeSeconds, DecodedImage image) {
        /** The same frame without its pixels. */
        public Frame withoutImage() {
            return new Frame(frameNumber, timeSeconds, null);
        }
    }
}

package io.safetyplane.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;

import io.safetyplane.media.VideoRejectedException.Problem;
import io.safetyplane.testsupport.Mp4Files;

class VideoSamplerTest {

    /** Frame i is a solid grey of level 10 * i, so a decoded frame tells which frame it is. */
    static int[] grey(int w, int h, int i) {
        int v = Math.min(255, 10 * i);
        return Videos.solid(w, h, v << 16 | v << 8 | v);
    }

    /** The sampled frame is exactly frame n of a plain sequential decode (jcodec's FrameGrab). */
    static void assertSameFrame(byte[] mp4, SampledVideo.Frame f) throws Exception {
        FrameGrab g = FrameGrab.createFrameGrab(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(mp4)));
        Picture p = null;
        for (long i = 0; i <= f.frameNumber(); i++) {
            p = g.getNativeFrame();
        }
        assertArrayEquals(VideoSampler.toRgb(p).pixels(), f.image().pixels(), "frame " + f.frameNumber());
    }

    /** Frames get brighter with their number: the samples' grey levels rise strictly. */
    static void assertRising(SampledVideo v) {
        int last = -1;
        for (SampledVideo.Frame f : v.frames()) {
            int l = level(f.image());
            assertTrue(l > last, "frame " + f.frameNumber() + " level " + l + " after " + last);
            last = l;
        }
    }

    static int level(DecodedImage img) {
        byte[] p = img.pixels();
        long s = 0;
        for (byte b : p) {
            s += b & 0xFF;
        }
        return (int) Math.round(s / (double) p.length);
    }

    @Test
    void samplesOneFramePerSecondFromTheFirst() throws Exception {
        // 4 fps, 18 frames = 4.5 s: frames 0, 4, 8, 12, 16 at 0, 1, 2, 3, 4 s
        byte[] mp4 = Videos.encode(48, 32, 4, 18, i -> grey(48, 32, i));
        assertTrue(VideoSampler.isVideo(mp4));
        SampledVideo v = new VideoSampler(VideoLimits.defaults()).sample(mp4);
        assertEquals(48, v.width());
        assertEquals(32, v.height());
        assertEquals(18, v.totalFrames());
        assertEquals(List.of(0L, 4L, 8L, 12L, 16L), v.frames().stream().map(SampledVideo.Frame::frameNumber).toList());
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), v.frames().stream().map(SampledVideo.Frame::timeSeconds).toList());
        for (SampledVideo.Frame f : v.frames()) {
            assertEquals(48, f.image().width());
            assertEquals(MediaFormat.MP4, f.image().format());
            // the decoded frame is the frame encoded at that position (solid grey, lossy within a few levels)
            assertSameFrame(mp4, f);
        }
        assertRising(v);
    }

    @Test
    void aCappedSampleSpreadsOverTheWholeVideo() throws Exception {
        // 10 s at 2 fps, at most 4 samples: every 2.5 s, frames 0, 5, 10, 15
        byte[] mp4 = Videos.encode(32, 32, 2, 20, i -> grey(32, 32, i));
        VideoLimits l = VideoLimits.defaults();
        SampledVideo v = new VideoSampler(new VideoLimits(l.maxBytes(), l.maxPixels(), l.maxDuration(), l.maxFrames(),
                l.maxDecodeTime(), 1.0, 4)).sample(mp4);
        assertEquals(2.5, v.intervalSeconds(), 1e-9);
        assertEquals(List.of(0L, 5L, 10L, 15L), v.frames().stream().map(SampledVideo.Frame::frameNumber).toList());
        assertEquals(List.of(0.0, 2.5, 5.0, 7.5), v.frames().stream().map(SampledVideo.Frame::timeSeconds).toList());
        for (SampledVideo.Frame f : v.frames()) {
            assertSameFrame(mp4, f);
        }
        assertRising(v);
    }

    @Test
    void framesOfAnX264HighProfileRecordingMatchFfmpegsDecoding() throws Exception {
        // another encoder than jcodec: B-frames stored out of presentation order, CABAC, 8x8 transform (video/README.md)
        byte[] mp4 = resource("video/x264-high.mp4");
        byte[] reference = resource("video/x264-high-frames.rgb");
        List<DecodedImage> images = new java.util.ArrayList<>();
        SampledVideo v = new VideoSampler(VideoLimits.defaults()).sample(mp4, f -> images.add(f.image()));
        assertEquals("avc1", v.codec());
        assertEquals(96, v.width());
        assertEquals(64, v.height());
        assertEquals(30, v.totalFrames());
        assertEquals(List.of(0.0, 1.0, 2.0), v.frames().stream().map(SampledVideo.Frame::timeSeconds).toList());
        int size = 96 * 64 * 3;
        for (int k = 0; k < 3; k++) {
            byte[] px = images.get(k).pixels();
            long sum = 0;
            int max = 0;
            for (int i = 0; i < size; i++) {
                int d = Math.abs((px[i] & 0xFF) - (reference[k * size + i] & 0xFF));
                sum += d;
                max = Math.max(max, d);
            }
            // the same pictures; the YUV to RGB conversions round differently
            assertTrue(sum / (double) size < 1.5 && max <= 12, "frame at " + k + " s: mean |d| " + sum / (double) size + ", max " + max);
        }
    }

    static byte[] resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = VideoSamplerTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRotatedTrackGivesFramesThatTurnUpright() throws Exception {
        // recorded 48 x 32, bright above and dark below; the track header turns it a quarter clockwise for display
        int[] frame = new int[48 * 32];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = i / 48 < 16 ? 0xC8C8C8 : 0x141414;
        }
        byte[] mp4 = Mp4Files.withMatrix(Videos.encode(48, 32, 2, 4, i -> frame), 0, 1, -1, 0);
        SampledVideo v = new VideoSampler(VideoLimits.defaults()).sample(mp4);
        assertEquals(48, v.width()); // as coded
        assertEquals(6, v.orientation());
        for (SampledVideo.Frame f : v.frames()) {
            assertEquals(6, f.image().exifOrientation());
            DecodedImage upright = f.image().oriented();
            assertEquals(32, upright.width());
            assertEquals(48, upright.height());
            // the top of the recording is now on the right
            assertTrue(sample(upright, 28, 24) > 150 && sample(upright, 3, 24) < 60,
                    sample(upright, 28, 24) + " right, " + sample(upright, 3, 24) + " left");
        }
    }

    @Test
    void theTrackMatrixMapsToTheExifOrientation() {
        int[][] cases = { // a, b, c, d -> orientation
                { 1, 0, 0, 1, 1 }, { -1, 0, 0, 1, 2 }, { -1, 0, 0, -1, 3 }, { 1, 0, 0, -1, 4 },
                { 0, 1, 1, 0, 5 }, { 0, 1, -1, 0, 6 }, { 0, -1, -1, 0, 7 }, { 0, -1, 1, 0, 8 },
                { 1, 1, 0, 1, 1 }, { 0, 0, 0, 0, 1 } }; // a shear and an empty matrix: shown as coded
        for (int[] t : cases) {
            int[] m = { t[0] << 16, t[1] << 16, 0, t[2] << 16, t[3] << 16, 0, 0, 0, 1 << 30 };
            assertEquals(t[4], VideoSampler.orientation(m), Arrays.toString(t));
        }
        assertEquals(1, VideoSampler.orientation(null));
    }

    static int sample(DecodedImage img, int x, int y) {
        return img.pixels()[(y * img.width() + x) * img.channels()] & 0xFF;
    }

    @Test
    void limitsAreCheckedBeforeDecoding() {
        byte[] mp4 = Videos.encode(64, 48, 5, 30, i -> grey(64, 48, i)); // 6 s, 150 frames
        VideoLimits l = VideoLimits.defaults();
        assertEquals(Problem.TOO_LONG, problem(new VideoLimits(l.maxBytes(), l.maxPixels(), Duration.ofSeconds(5), l.maxFrames(),
                l.maxDecodeTime(), 1, 32), mp4));
        assertEquals(Problem.TOO_MANY_FRAMES, problem(new VideoLimits(l.maxBytes(), l.maxPixels(), l.maxDuration(), 29,
                l.maxDecodeTime(), 1, 32), mp4));
        assertEquals(Problem.TOO_MANY_PIXELS, problem(new VideoLimits(l.maxBytes(), 64 * 48 - 1, l.maxDuration(), l.maxFrames(),
                l.maxDecodeTime(), 1, 32), mp4));
        assertEquals(Problem.TOO_LARGE, problem(new VideoLimits(mp4.length - 1, l.maxPixels(), l.maxDuration(), l.maxFrames(),
                l.maxDecodeTime(), 1, 32), mp4));
    }

    @Test
    void badInputs() {
        VideoLimits l = VideoLimits.defaults();
        byte[] mp4 = Videos.encode(32, 32, 2, 6, i -> grey(32, 32, i));
        assertEquals(Problem.EMPTY, problem(l, new byte[0]));
        assertEquals(Problem.NOT_VIDEO, problem(l, "hello, I am text, not a video".getBytes()));
        for (int cut : new int[] { mp4.length / 3, mp4.length / 2, mp4.length - 10 }) {
            VideoRejectedException e = assertThrows(VideoRejectedException.class,
                    () -> new VideoSampler(l).sample(Arrays.copyOf(mp4, cut)));
            assertEquals(Problem.CORRUPT, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        // an ftyp box and nothing else
        byte[] ftyp = { 0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0 };
        assertEquals(Problem.CORRUPT, problem(l, ftyp));
        byte[] heic = { 0, 0, 0, 16, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0 };
        assertEquals(Problem.NOT_VIDEO, problem(l, heic));
    }

    static Problem problem(VideoLimits limits, byte[] bytes) {
        return assertThrows(VideoRejectedException.class, () -> new VideoSampler(limits).sample(bytes)).problem();
    }
}

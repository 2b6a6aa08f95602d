package io.safetyplane.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.mp4.AvcCBox;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.jcodec.containers.mp4.MP4TrackType;
import org.jcodec.containers.mp4.boxes.SampleEntry;
import org.jcodec.containers.mp4.boxes.TrackHeaderBox;
import org.jcodec.containers.mp4.boxes.VideoSampleEntry;
import org.jcodec.containers.mp4.demuxer.AbstractMP4DemuxerTrack;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;

import io.safetyplane.media.VideoRejectedException.Problem;

/**
 * Samples frames from MP4 (ISO BMFF, also QuickTime MOV) with an H.264 video track, in pure Java (jcodec's demuxer and
 * decoder). Thread-safe: every call works on its own demuxer and decoder.
 *
 * <p>Order of checks, all before any frame is decoded: empty, byte limit, ISO BMFF magic, top-level boxes (a box that
 * runs past the end of the file is a truncated file; no {@code moov} is a truncated or unfinished recording), a video track,
 * its codec ({@code avc1}/{@code avc3}), the frame size declared by the sample entry and by every sequence parameter set,
 * the duration and the frame count. Then the sample times are chosen, and only the frames needed to reach them are decoded,
 * starting at the nearest preceding key frame, under the decode-time budget.
 *
 * <p>Sampling: one frame every {@code 1 / framesPerSecond} seconds from the first frame (time 0), at most
 * {@code maxSamples}; when a video is longer than {@code maxSamples / framesPerSecond} seconds the samples are spread
 * evenly over its whole duration instead (interval {@code duration / maxSamples}), so a long video's end is never unseen.
 * Each sample time takes the first frame presented at or after it.
 */
public final class VideoSampler {
    private static final Set<String> H264 = Set.of("avc1", "avc3");
    private static final Set<String> IMAGE_BRANDS = Set.of("heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis");

    private final VideoLimits limits;

    public VideoSampler(VideoLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public VideoLimits limits() {
        return limits;
    }

    /** Whether the bytes look like an MP4/MOV file (magic bytes only); see {@link MediaFormat#isIsoBmff}. */
    public static boolean isVideo(byte[] bytes) {
        return MediaFormat.isIsoBmff(bytes);
    }

    /**
     * Samples the video's frames, all held in the result.
     *
     * @throws VideoRejectedException with the {@link Problem} that says why
     */
    public SampledVideo sample(byte[] bytes) throws VideoRejectedException {
        List<SampledVideo.Frame> frames = new ArrayList<>();
        SampledVideo v = sample(bytes, frames::add);
        frames.sort(Comparator.comparingDouble(SampledVideo.Frame::timeSeconds));
        return new SampledVideo(v.codec(), v.width(), v.height(), v.orientation(), v.durationSeconds(), v.totalFrames(), v.intervalSeconds(), frames);
    }

    /**
     * Samples the video's frames and hands each to {@code sink} as soon as it is decoded (in decoding order, which for
     * streams with B-frames may differ from time order), so that at most one decoded frame need be held. The result lists
     * the frames in time order {@linkplain SampledVideo.Frame#withoutImage() without their images}. An exception thrown by
     * the sink propagates as is.
     *
     * @throws VideoRejectedException with the {@link Problem} that says why
     */
    public SampledVideo sample(byte[] bytes, Consumer<SampledVideo.Frame> sink) throws VideoRejectedException {
        Objects.requireNonNull(sink, "sink");
        long start = System.nanoTime();
        if (bytes == null || bytes.length == 0) {
            throw new VideoRejectedException(Problem.EMPTY, "input is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new VideoRejectedException(Problem.TOO_LARGE, "input has " + bytes.length + " bytes, limit " + limits.maxBytes());
        }
        if (!MediaFormat.isIsoBmff(bytes)) {
            throw new VideoRejectedException(Problem.NOT_VIDEO,
                    "not an MP4 file: no ISO base media box at the start (magic bytes " + hexPrefix(bytes) + ")");
        }
        checkBoxes(bytes);
        try {
            return demux(bytes, start, sink);
        } catch (SinkFailure e) {
            throw e.failure;
        } catch (VideoRejectedException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new VideoRejectedException(Problem.CORRUPT, "MP4 declares tables or frames larger than memory allows", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new VideoRejectedException(Problem.CORRUPT, "corrupt MP4 or H.264 data: " + describe(e), e);
        }
    }

    /** Top-level boxes: each within the file, a {@code moov}, no fragments, no image brand. */
    private static void checkBoxes(byte[] b) throws VideoRejectedException {
        long p = 0;
        boolean moov = false;
        boolean moof = false;
        List<String> brands = new ArrayList<>();
        while (p < b.length) {
            if (p + 8 > b.length) {
                throw new VideoRejectedException(Problem.CORRUPT,
                        "MP4 is truncated: " + (b.length - p) + " stray bytes after the last complete box at offset " + p);
            }
            int i = (int) p;
            long size = be32(b, i);
            String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (p + 16 > b.length) {
                    throw new VideoRejectedException(Problem.CORRUPT, "MP4 is truncated inside the header of box '"
                            + printable(type) + "'");
                }
                size = be32(b, i + 8) << 32 | be32(b, i + 12);
                header = 16;
            } else if (size == 0) {
                size = b.length - p;
            }
            if (size < header) {
                throw new VideoRejectedException(Problem.CORRUPT, "MP4 box '" + printable(type) + "' at offset " + p
                        + " declares an invalid size " + size);
            }
            if (size > b.length - p) {
                throw new VideoRejectedException(Problem.CORRUPT, "MP4 is truncated: box '" + printable(type) + "' at offset " + p
                        + " declares " + size + " bytes, only " + (b.length - p) + " remain");
            }
            switch (type) {
                case "moov" -> moov = true;
                case "moof" -> moof = true;
                case "ftyp" -> {
                    for (int q = i + header; q + 4 <= i + size; q += 4) {
                        if (q != i + header + 4) { // skip minor_version
                            brands.add(new String(b, q, 4, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
                default -> {
                }
            }
            p += size;
        }
        if (!moov) {
            if (brands.stream().anyMatch(IMAGE_BRANDS::contains)) {
                throw new VideoRejectedException(Problem.NOT_VIDEO, "an HEIF/AVIF image (brands " + brands + "), not a video");
            }
            throw new VideoRejectedException(Problem.CORRUPT,
                    "MP4 has no movie box (moov): truncated, or a recording that was never finished");
        }
        if (moof) {
            throw new VideoRejectedException(Problem.UNSUPPORTED_CONTAINER,
                    "fragmented MP4 (moof boxes) is not supported; send a progressive MP4");
        }
    }

    /** Carries a sink's exception through the sampler's own handling of jcodec's. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final RuntimeException failure;

        SinkFailure(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private SampledVideo demux(byte[] bytes, long start, Consumer<SampledVideo.Frame> sink) throws IOException, VideoRejectedException {
        MP4Demuxer demuxer = MP4Demuxer.createRawMP4Demuxer(ByteBufferSeekableByteChannel.readFromByteBuffer(ByteBuffer.wrap(bytes)));
        AbstractMP4DemuxerTrack track = null;
        List<String> kinds = new ArrayList<>();
        for (AbstractMP4DemuxerTrack t : demuxer.getTracks()) {
            if (t.getType() == MP4TrackType.VIDEO && track == null) {
                track = t;
            }
            kinds.add(t.getType() == null ? "unknown" : t.getType().getHandler());
        }
        if (track == null) {
            throw new VideoRejectedException(Problem.NO_VIDEO_TRACK, "the MP4 has no video track (tracks: "
                    + (kinds.isEmpty() ? "none" : String.join(", ", kinds)) + ")");
        }
        SampleEntry[] entries = track.getSampleEntries();
        String fourcc = entries == null || entries.length == 0 ? null : entries[0].getFourcc();
        if (fourcc == null || !H264.contains(fourcc)) {
            throw new VideoRejectedException(Problem.UNSUPPORTED_CODEC, "the video track's codec is '" + printable(String.valueOf(fourcc))
                    + "', not H.264 (avc1, avc3)");
        }
        if (!(entries[0] instanceof VideoSampleEntry vse)) {
            throw new VideoRejectedException(Problem.CORRUPT, "the video track has no video sample entry");
        }
        checkPixels("sample entry", vse.getWidth(), vse.getHeight());
        TrackHeaderBox tkhd = track.getBox().getTrackHeader();
        int orientation = tkhd == null ? 1 : orientation(tkhd.getMatrix());
        AvcCBox avcC = H264Utils.parseAVCC(vse);
        if (avcC == null || avcC.getSpsList().isEmpty() || avcC.getPpsList().isEmpty()) {
            throw new VideoRejectedException(Problem.CORRUPT, "the H.264 sample entry has no avcC with SPS and PPS");
        }
        int codedW = 0;
        int codedH = 0;
        for (ByteBuffer sps : avcC.getSpsList()) {
            SeqParameterSet s = SeqParameterSet.read(sps.duplicate());
            long w = (s.picWidthInMbsMinus1 + 1L) * 16;
            long h = (s.picHeightInMapUnitsMinus1 + 1L) * 16 * (s.frameMbsOnlyFlag ? 1 : 2);
            checkPixels("sequence parameter set", w, h);
            codedW = Math.max(codedW, (int) w);
            codedH = Math.max(codedH, (int) h);
        }
        long frameCount = track.getFrameCount();
        double duration = track.getDuration().scalar();
        if (duration > limits.maxDuration().toNanos() / 1e9) {
            throw new VideoRejectedException(Problem.TOO_LONG, String.format(Locale.ROOT, "video lasts %.1f s, limit %d s", duration,
                    limits.maxDuration().toSeconds()));
        }
        if (frameCount > limits.maxFrames()) {
            throw new VideoRejectedException(Problem.TOO_MANY_FRAMES, "video track declares " + frameCount + " frames, limit "
                    + limits.maxFrames());
        }
        if (frameCount <= 0) {
            throw new VideoRejectedException(Problem.CORRUPT, "the video track has no frames");
        }

        // pass 1: timestamps and key frames, no decoding
        int n = (int) frameCount;
        double[] pts = new double[n];
        boolean[] key = new boolean[n];
        int read = 0;
        for (Packet packet; read < n && (packet = track.nextFrame()) != null; read++) {
            pts[read] = packet.getPtsD();
            key[read] = packet.isKeyFrame();
            deadline(start);
        }
        if (read == 0) {
            throw new VideoRejectedException(Problem.CORRUPT, "no frame of the video track could be read");
        }
        n = read;
        double t0 = Double.POSITIVE_INFINITY;
        double tEnd = 0;
        for (int i = 0; i < n; i++) {
            t0 = Math.min(t0, pts[i]);
            tEnd = Math.max(tEnd, pts[i]);
        }
        double span = Math.max(duration, tEnd - t0);
        double interval = Math.max(1.0 / limits.framesPerSecond(), span / limits.maxSamples());
        // presentation order: time -> decode index
        TreeMap<Double, Integer> byTime = new TreeMap<>();
        for (int i = n - 1; i >= 0; i--) {
            byTime.put(pts[i] - t0, i);
        }
        TreeMap<Integer, Double> targets = new TreeMap<>(); // decode index -> its time
        for (int k = 0; k < limits.maxSamples(); k++) {
            double t = k * interval;
            var e = byTime.ceilingEntry(t - 1e-9);
            if (e == null) {
                break;
            }
            targets.putIfAbsent(e.getValue(), e.getKey());
        }

        // pass 2: decode from the key frame before each target
        H264Decoder decoder = new H264Decoder();
        decoder.addSps(avcC.getSpsList());
        decoder.addPps(avcC.getPpsList());
        List<SampledVideo.Frame> frames = new ArrayList<>();
        track.gotoFrame(0);
        int cur = 0;
        int width = 0;
        int height = 0;
        for (var target : targets.entrySet()) {
            int t = target.getKey();
            int k = t;
            while (k > 0 && !key[k]) {
                k--;
            }
            if (k > cur) {
                track.gotoFrame(k);
                cur = k;
            }
            Picture picture = null;
            for (; cur <= t; cur++) {
                Packet packet = track.nextFrame();
                if (packet == null) {
                    throw new VideoRejectedException(Problem.CORRUPT, "frame " + cur + " of the video track could not be read");
                }
                ByteBuffer annexB = H264Utils.decodeMOVPacket(packet.getData(), avcC);
                byte[][] buffer = new byte[3][codedW * codedH];
                picture = decoder.decodeFrame(annexB, buffer);
                deadline(start);
            }
            if (picture == null) {
                throw new VideoRejectedException(Problem.CORRUPT, "frame " + t + " of the video track could not be decoded");
            }
            DecodedImage image = toRgb(picture, orientation);
            width = image.width();
            height = image.height();
            SampledVideo.Frame frame = new SampledVideo.Frame(t, target.getValue(), image);
            try {
                sink.accept(frame);
            } catch (RuntimeException e) {
                throw new SinkFailure(e);
            }
            frames.add(frame.withoutImage());
        }
        frames.sort(Comparator.comparingDouble(SampledVideo.Frame::timeSeconds));
        return new SampledVideo(fourcc, width, height, orientation, span, frameCount, interval, frames);
    }

    private void checkPixels(String where, long w, long h) throws VideoRejectedException {
        if (w <= 0 || h <= 0) {
            throw new VideoRejectedException(Problem.CORRUPT, "the " + where + " declares invalid dimensions " + w + "x" + h);
        }
        if (w * h > limits.maxPixels()) {
            throw new VideoRejectedException(Problem.TOO_MANY_PIXELS, "the " + where + " declares " + w + "x" + h + " = " + w * h
                    + " pixels per frame, limit " + limits.maxPixels());
        }
    }

    private void deadline(long start) throws VideoRejectedException {
        if (System.nanoTime() - start > limits.maxDecodeTime().toNanos()) {
            throw new VideoRejectedException(Problem.TIMEOUT, "video decoding exceeded the limit of "
                    + limits.maxDecodeTime().toMillis() + " ms");
        }
    }

    /**
     * The EXIF orientation (1–8) that shows frames as the track header's transformation matrix does: phones
     * record portrait video as landscape frames with a 90° matrix. The matrix {@code {a, b, u, c, d, v, x, y, w}}
     * (ISO/IEC 14496-12 8.3.2, 16.16 fixed point) maps a point to {@code (a·x + c·y + tx, b·x + d·y + ty)}; only
     * the signs of a, b, c and d matter. A matrix that is not a rotation or mirror by quarter turns gives 1.
     */
    static int orientation(int[] m) {
        if (m == null || m.length < 5) {
            return 1;
        }
        int a = Integer.signum(m[0]);
        int b = Integer.signum(m[1]);
        int c = Integer.signum(m[3]);
        int d = Integer.signum(m[4]);
        if (b == 0 && c == 0 && a != 0 && d != 0) { // upright, mirrored left-right (2) or top-bottom (4), half turn (3)
            return a > 0 ? (d > 0 ? 1 : 4) : (d > 0 ? 2 : 3);
        }
        if (a == 0 && d == 0 && b != 0 && c != 0) { // quarter turn clockwise (6) or anticlockwise (8), transposed (5, 7)
            return b > 0 ? (c < 0 ? 6 : 5) : (c > 0 ? 8 : 7);
        }
        return 1;
    }

    /** jcodec's colour transform to RGB (its bytes are {@code value - 128}), cropped to the SPS's frame cropping. */
    static DecodedImage toRgb(Picture p) {
        return toRgb(p, 1);
    }

    static DecodedImage toRgb(Picture p, int orientation) {
        Picture rgb = Picture.create(p.getWidth(), p.getHeight(), ColorSpace.RGB);
        Transform transform = ColorUtil.getTransform(p.getColor(), ColorSpace.RGB);
        if (transform == null) {
            throw new IllegalStateException("no colour transform from " + p.getColor() + " to RGB");
        }
        transform.transform(p, rgb);
        Rect crop = p.getCrop();
        int cx = crop == null ? 0 : crop.getX();
        int cy = crop == null ? 0 : crop.getY();
        int cw = crop == null ? p.getWidth() : crop.getWidth();
        int ch = crop == null ? p.getHeight() : crop.getHeight();
        byte[] src = rgb.getPlaneData(0);
        int stride = rgb.getPlaneWidth(0) * 3;
        byte[] out = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) {
            int s = (cy + y) * stride + cx * 3;
            int d = y * cw * 3;
            for (int x = 0; x < cw * 3; x++) {
                out[d + x] = (byte) (src[s + x] + 128);
            }
        }
        return DecodedImage.of(cw, ch, MediaFormat.MP4, 3, out, null, orientation);
    }

    private static long be32(byte[] b, int p) {
        return (long) (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + (m.length() > 200 ? m.substring(0, 200) + "…" : m) + ")");
    }

}

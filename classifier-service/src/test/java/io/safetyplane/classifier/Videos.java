package io.safetyplane.classifier;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;

import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.AudioFormat;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;
import org.jcodec.containers.mp4.muxer.MP4Muxer;
import org.jcodec.containers.mp4.muxer.PCMMP4MuxerTrack;

import io.safetyplane.media.DecodedImage;

/** Test clips made with jcodec's encoders: H.264 in MP4 (MOV brand), ProRes, audio only. */
final class Videos {
    private Videos() {
    }

    /** {@code frames} frames at {@code fps}, frame i drawn by {@code frame}; H.264. */
    static byte[] h264(int fps, int frames, IntFunction<BufferedImage> frame) {
        return encode(fps, frames, frame, Codec.H264);
    }

    /** The same as a ProRes (apch) track: an MP4/MOV whose video is not H.264. */
    static byte[] prores(int fps, int frames, IntFunction<BufferedImage> frame) {
        return encode(fps, frames, frame, Codec.PRORES);
    }

    /** Rotates through {@code images}, one per frame. */
    static IntFunction<BufferedImage> cycle(List<BufferedImage> images) {
        return i -> images.get(i % images.size());
    }

    private static byte[] encode(int fps, int frames, IntFunction<BufferedImage> frame, Codec codec) {
        ByteBufferSeekableByteChannel ch = ByteBufferSeekableByteChannel.writeToByteBuffer(ByteBuffer.allocate(16 << 20));
        try {
            SequenceEncoder enc = new SequenceEncoder(ch, Rational.R(fps, 1), Format.MOV, codec, null);
            for (int i = 0; i < frames; i++) {
                enc.encodeNativeFrame(picture(frame.apply(i)));
            }
            enc.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents(ch);
    }

    /** An MP4 with one PCM audio track (a second of silence) and no video. */
    static byte[] audioOnly() {
        ByteBufferSeekableByteChannel ch = ByteBufferSeekableByteChannel.writeToByteBuffer(ByteBuffer.allocate(1 << 20));
        try {
            MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(ch);
            PCMMP4MuxerTrack track = muxer.addPCMAudioTrack(AudioFormat.MONO_48K_S16_LE);
            track.addSamples(ByteBuffer.allocate(96_000));
            muxer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents(ch);
    }

    private static byte[] contents(ByteBufferSeekableByteChannel ch) {
        ByteBuffer b = ch.getContents();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static Picture picture(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Picture p = Picture.create(w, h, ColorSpace.RGB);
        byte[] d = p.getPlaneData(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = 3 * (y * w + x);
                d[i] = (byte) (((rgb >> 16) & 0xFF) - 128);
                d[i + 1] = (byte) (((rgb >> 8) & 0xFF) - 128);
                d[i + 2] = (byte) ((rgb & 0xFF) - 128);
            }
        }
        return p;
    }

    /** A decoded RGB frame as an image, to classify it on its own as a PNG. */
    static BufferedImage image(DecodedImage frame) {
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = frame.pixels();
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                int i = 3 * (y * frame.width() + x);
                img.setRGB(x, y, (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF));
            }
        }
        return img;
    }
}

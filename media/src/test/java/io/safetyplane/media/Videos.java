package io.safetyplane.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

import org.jcodec.api.SequenceEncoder;
import org.jcodec.common.Codec;
import org.jcodec.common.Format;
import org.jcodec.common.io.ByteBufferSeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rational;

/** Small test clips, encoded with jcodec's own encoder (H.264 in MP4 unless told otherwise). */
final class Videos {
    private Videos() {
    }

    /** An RGB frame of one colour. */
    static int[] solid(int w, int h, int rgb) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, rgb);
        return px;
    }

    /** A clip of {@code frames} frames at {@code fps}, frame i from {@code frame.apply(i)} (packed RGB, w x h). */
    static byte[] encode(int w, int h, int fps, int frames, IntFunction<int[]> frame) {
        return encode(w, h, fps, frames, frame, Format.MOV, Codec.H264);
    }

    static byte[] encode(int w, int h, int fps, int frames, IntFunction<int[]> frame, Format format, Codec codec) {
        ByteBufferSeekableByteChannel ch = ByteBufferSeekableByteChannel.writeToByteBuffer(ByteBuffer.allocate(8 << 20));
        try {
            SequenceEncoder enc = new SequenceEncoder(ch, Rational.R(fps, 1), format, codec, null);
            for (int i = 0; i < frames; i++) {
                enc.encodeNativeFrame(picture(w, h, frame.apply(i)));
            }
            enc.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ch.getContents();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static Picture picture(int w, int h, int[] rgb) {
        Picture p = Picture.create(w, h, ColorSpace.RGB);
        byte[] d = p.getPlaneData(0);
        for (int i = 0; i < w * h; i++) {
            d[3 * i] = (byte) (((rgb[i] >> 16) & 0xFF) - 128);
            d[3 * i + 1] = (byte) (((rgb[i] >> 8) & 0xFF) - 128);
            d[3 * i + 2] = (byte) ((rgb[i] & 0xFF) - 128);
        }
        return p;
    }
}

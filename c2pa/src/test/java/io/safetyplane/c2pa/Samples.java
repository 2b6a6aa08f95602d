package io.safetyplane.c2pa;

import java.util.List;

import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.testsupport.MediaSamples;

/** The unsigned media samples of test-support ({@code media-samples/}), one per format. */
public final class Samples {
    public record Sample(String name, AssetFormat format, byte[] bytes) {
        /** A byte of the media itself, outside where the store goes (RIFF appends it at the end). */
        public int payloadByte(byte[] signed) {
            return format == AssetFormat.WEBP || format == AssetFormat.WAV ? 30 : signed.length - 3;
        }
    }

    public static final List<Sample> ALL = List.of(load("sample.jpg", AssetFormat.JPEG), load("sample.png", AssetFormat.PNG),
            load("sample.webp", AssetFormat.WEBP), load("sample.wav", AssetFormat.WAV), load("sample.mp3", AssetFormat.MP3),
            load("sample.mp4", AssetFormat.MP4));

    private Samples() {
    }

    private static Sample load(String name, AssetFormat format) {
        return new Sample(name, format, MediaSamples.bytes(name));
    }

    public static byte[] flipped(byte[] b, int index) {
        byte[] out = b.clone();
        out[index] ^= 0x01;
        return out;
    }
}

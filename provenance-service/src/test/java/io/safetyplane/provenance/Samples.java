package io.safetyplane.provenance;

import java.util.List;

import io.safetyplane.testsupport.MediaSamples;

/** The unsigned media samples of test-support ({@code media-samples/}), one per format the service signs. */
final class Samples {
    record Sample(String name, String mediaType, byte[] bytes) {
        /** The index of a byte of the media itself, outside where the manifest store goes (RIFF appends it at the end). */
        int payloadByte(byte[] signed) {
            return mediaType.equals("image/webp") || mediaType.equals("audio/wav") ? 30 : signed.length - 3;
        }

        String hardBindingMismatch() {
            return mediaType.equals("video/mp4") ? "assertion.bmffHash.mismatch" : "assertion.dataHash.mismatch";
        }
    }

    static final List<Sample> ALL = List.of(sample("sample.jpg", "image/jpeg"), sample("sample.png", "image/png"),
            sample("sample.webp", "image/webp"), sample("sample.wav", "audio/wav"), sample("sample.mp3", "audio/mpeg"),
            sample("sample.mp4", "video/mp4"));

    private Samples() {
    }

    static Sample sample(String name, String mediaType) {
        return new Sample(name, mediaType, MediaSamples.bytes(name));
    }

    static Sample get(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static byte[] flipped(byte[] b, int index) {
        byte[] out = b.clone();
        out[index] ^= 0x01;
        return out;
    }
}

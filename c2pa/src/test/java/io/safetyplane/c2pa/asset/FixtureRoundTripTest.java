package io.safetyplane.c2pa.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every handler against the files c2pa-rs signed: reading the store, removing and re-embedding it gives back the
 * identical file (so our layout is c2pa-rs's, byte for byte), the exclusions equal those recorded in the file's
 * {@code c2pa.hash.data} assertion, and patching keeps length and exclusions.
 */
class FixtureRoundTripTest {
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("generated/ai-image.signed.jpg", AssetFormat.JPEG),
                Arguments.of("generated/ai-image.signed.png", AssetFormat.PNG),
                Arguments.of("generated/ai-image.signed.webp", AssetFormat.WEBP),
                Arguments.of("generated/ai-audio.signed.wav", AssetFormat.WAV),
                Arguments.of("generated/ai-audio.signed.mp3", AssetFormat.MP3),
                Arguments.of("generated/ai-video.signed.mp4", AssetFormat.MP4),
                Arguments.of("c2pa-rs/C.jpg", AssetFormat.JPEG),
                Arguments.of("c2pa-rs/CA.jpg", AssetFormat.JPEG),
                Arguments.of("c2pa-rs/C_with_CAWG_data.jpg", AssetFormat.JPEG),
                Arguments.of("c2pa-rs/video1.mp4", AssetFormat.MP4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void sniffsTheFormat(String file, AssetFormat format) {
        byte[] asset = Fixtures.read(file);
        AssetHandler handler = AssetHandlers.sniff(asset).orElseThrow();
        assertEquals(format, handler.format());
        assertSame(AssetHandlers.of(format), handler);
        for (AssetFormat other : AssetFormat.values()) {
            assertEquals(other == format, AssetHandlers.of(other).accepts(asset), other + " accepts " + file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsExactlyTheStore(String file, AssetFormat format) throws AssetException {
        byte[] asset = Fixtures.read(file);
        byte[] store = AssetHandlers.of(format).readStore(asset).orElseThrow();
        Fixtures.assertIsStore(store);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void removeThenEmbedGivesBackTheSignedFile(String file, AssetFormat format) throws AssetException {
        byte[] asset = Fixtures.read(file);
        AssetHandler handler = AssetHandlers.of(format);
        byte[] store = handler.readStore(asset).orElseThrow();
        byte[] plain = handler.removeStore(asset);
        assertEquals(asset.length - store.length - overhead(format, store.length), plain.length);
        assertTrue(handler.readStore(plain).isEmpty());
        assertArrayEquals(plain, handler.removeStore(plain), "removing from a file without a store changes nothing");

        Embedding embedding = handler.embed(plain, store);
        // c2pa-rs's layout exactly: APP11 after APP0, caBX after IHDR, C2PA at the end of RIFF, ID3v2.4 with one
        // GEOB and no padding, uuid after ftyp with stco shifted back
        assertArrayEquals(asset, embedding.bytes());
        assertArrayEquals(store, handler.readStore(embedding.bytes()).orElseThrow());
        // embedding into the signed file replaces its store in place
        assertArrayEquals(asset, handler.embed(asset, store).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exclusionsAreThoseC2paRsRecorded(String file, AssetFormat format) throws AssetException {
        byte[] asset = Fixtures.read(file);
        AssetHandler handler = AssetHandlers.of(format);
        byte[] store = handler.readStore(asset).orElseThrow();
        Embedding embedding = handler.embed(handler.removeStore(asset), store);
        if (format.bmff()) {
            assertEquals(List.of(), embedding.exclusions());
            return;
        }
        CBORObject hash = Fixtures.assertion(store, "c2pa.hash.data");
        assertEquals(Fixtures.dataExclusions(hash), embedding.exclusions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void patchKeepsLengthAndExclusions(String file, AssetFormat format) throws AssetException {
        byte[] asset = Fixtures.read(file);
        AssetHandler handler = AssetHandlers.of(format);
        byte[] store = handler.readStore(asset).orElseThrow();
        Embedding embedding = handler.embed(handler.removeStore(asset), Fixtures.fakeStore(store.length, 1));
        byte[] bytes = embedding.bytes();
        int length = bytes.length;
        List<Exclusion> exclusions = embedding.exclusions();

        embedding.patch(store);
        assertSame(bytes, embedding.bytes());
        assertEquals(length, embedding.bytes().length);
        assertEquals(exclusions, embedding.exclusions());
        assertArrayEquals(asset, embedding.bytes(), "placeholder then patch gives the signed file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void hashWithPlaceholderEqualsHashAfterPatch(String file, AssetFormat format) throws AssetException {
        byte[] asset = Fixtures.read(file);
        AssetHandler handler = AssetHandlers.of(format);
        byte[] store = handler.readStore(asset).orElseThrow();
        Embedding embedding = handler.embed(handler.removeStore(asset), Fixtures.fakeStore(store.length, 2));
        byte[] before;
        byte[] after;
        if (format.bmff()) {
            before = BmffHash.hash(embedding.bytes(), BmffHash.defaultExclusions(), "sha256", 3);
            embedding.patch(store);
            after = BmffHash.hash(embedding.bytes(), BmffHash.defaultExclusions(), "sha256", 3);
        } else {
            before = DataHash.hash(embedding.bytes(), embedding.exclusions(), "sha256");
            embedding.patch(store);
            after = DataHash.hash(embedding.bytes(), embedding.exclusions(), "sha256");
        }
        assertArrayEquals(before, after);
        assertNotSame(before, after);
        assertFalse(java.util.Arrays.equals(before, new byte[32]));
    }

    /** Bytes around the store that removal takes away as well. */
    private static int overhead(AssetFormat format, int storeLength) {
        return switch (format) {
            case JPEG -> 12 * ((storeLength + JpegHandler.CHUNK - 1) / JpegHandler.CHUNK)
                    + 8 * ((storeLength - 1) / JpegHandler.CHUNK);
            case PNG -> 12;
            case WEBP, WAV -> 8 + (storeLength & 1);
            case MP3 -> 10 + 10 + 43; // the whole tag goes: it held only the GEOB frame
            case MP4 -> Mp4Handler.BOX_HEADER;
        };
    }
}

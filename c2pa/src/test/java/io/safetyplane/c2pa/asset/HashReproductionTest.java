package io.safetyplane.c2pa.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DataHash} and {@link BmffHash} reproduce the hard-binding hashes c2pa-rs stored in the fixtures. */
class HashReproductionTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"generated/ai-image.signed.jpg", "generated/ai-image.signed.png", "generated/ai-image.signed.webp",
        "generated/ai-audio.signed.wav", "generated/ai-audio.signed.mp3", "c2pa-rs/C.jpg", "c2pa-rs/CA.jpg",
        "c2pa-rs/C_with_CAWG_data.jpg"})
    void dataHashMatchesTheAssertion(String file) throws AssetException {
        byte[] asset = Fixtures.read(file);
        byte[] store = AssetHandlers.sniff(asset).orElseThrow().readStore(asset).orElseThrow();
        CBORObject a = Fixtures.assertion(store, "c2pa.hash.data");
        byte[] expected = a.get("hash").GetByteString();
        assertArrayEquals(expected, DataHash.hash(asset, Fixtures.dataExclusions(a), Fixtures.alg(a)));
    }

    @Test
    void dataHashDetectsTampering() throws AssetException {
        byte[] asset = Fixtures.read("c2pa-rs/XCA.jpg");
        byte[] store = new JpegHandler().readStore(asset).orElseThrow();
        CBORObject a = Fixtures.assertion(store, "c2pa.hash.data");
        assertFalse(Arrays.equals(a.get("hash").GetByteString(), DataHash.hash(asset, Fixtures.dataExclusions(a), Fixtures.alg(a))));
    }

    @Test
    void bmffV3HashOfTheGeneratedVideo() throws AssetException {
        byte[] asset = Fixtures.read("generated/ai-video.signed.mp4");
        byte[] store = new Mp4Handler().readStore(asset).orElseThrow();
        assertEquals("c2pa.hash.bmff.v3", Fixtures.label(store, "c2pa.hash.bmff"));
        CBORObject a = Fixtures.assertion(store, "c2pa.hash.bmff");
        List<BmffExclusion> exclusions = Fixtures.bmffExclusions(a);
        assertEquals(describe(BmffHash.defaultExclusions()), describe(exclusions), "c2pa-rs wrote the default exclusions");
        assertArrayEquals(a.get("hash").GetByteString(), BmffHash.hash(asset, BmffHash.defaultExclusions(), Fixtures.alg(a), 3));
        assertArrayEquals(a.get("hash").GetByteString(), BmffHash.hash(asset, exclusions, Fixtures.alg(a), 3));
        // without the offsets (v1) the digest differs
        assertFalse(Arrays.equals(a.get("hash").GetByteString(), BmffHash.hash(asset, exclusions, "sha256", 1)));
    }

    @Test
    void bmffV2HashOfC2paRsVideoWithNestedExclusions() throws AssetException {
        byte[] asset = Fixtures.read("c2pa-rs/video1.mp4");
        byte[] store = new Mp4Handler().readStore(asset).orElseThrow();
        assertEquals("c2pa.hash.bmff.v2", Fixtures.label(store, "c2pa.hash.bmff"));
        CBORObject a = Fixtures.assertion(store, "c2pa.hash.bmff");
        List<BmffExclusion> exclusions = Fixtures.bmffExclusions(a);
        // /moov/trak/mdia/minf/stbl/stco with subset {16, 0}, flags on /moof/traf/…: not the defaults
        assertEquals(8, exclusions.size());
        assertArrayEquals(a.get("hash").GetByteString(), BmffHash.hash(asset, exclusions, Fixtures.alg(a), 2));
    }

    @Test
    void bmffHashRejectsBadInput() {
        assertThrows(AssetException.class, () -> BmffHash.hash(new byte[] {0, 0, 0, 24, 'f', 't'}, BmffHash.defaultExclusions(), "sha256", 3));
        AssetException e = assertThrows(AssetException.class, () -> BmffHash.hash(new byte[16], List.of(), "md5", 2));
        assertEquals(AssetException.Kind.UNSUPPORTED, e.kind());
    }

    @Test
    void dataHashOfRanges() throws Exception {
        byte[] asset = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("0156789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] expected = sha.digest();
        // unsorted and overlapping exclusions: the union is left out
        assertArrayEquals(expected, DataHash.hash(asset, List.of(new Exclusion(3, 2), new Exclusion(2, 2)), "sha256"));
        assertEquals(48, DataHash.hash(asset, List.of(), "sha384").length);
        assertEquals(64, DataHash.hash(asset, List.of(), "sha512").length);
        AssetException e = assertThrows(AssetException.class, () -> DataHash.hash(asset, List.of(new Exclusion(8, 3)), "sha256"));
        assertEquals(AssetException.Kind.CORRUPT, e.kind());
        assertThrows(AssetException.class, () -> DataHash.hash(asset, List.of(new Exclusion(-1, 3)), "sha256"));
        assertEquals(AssetException.Kind.UNSUPPORTED,
                assertThrows(AssetException.class, () -> DataHash.hash(asset, List.of(), "sha1")).kind());
    }

    private static List<String> describe(List<BmffExclusion> exclusions) {
        return exclusions.stream().map(e -> e.xpath() + " " + e.length() + " "
                + e.data().stream().map(d -> d.offset() + "=" + java.util.HexFormat.of().formatHex(d.value())).toList()
                + " " + e.subset() + " " + e.version() + " " + e.flags().map(java.util.HexFormat.of()::formatHex) + " " + e.exact())
                .toList();
    }
}

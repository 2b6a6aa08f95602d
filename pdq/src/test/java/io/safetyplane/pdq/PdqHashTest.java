package io.safetyplane.pdq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PdqHashTest {

    private static final String BRIDGE = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    @Test
    void hexRoundTripAndWordLayout() {
        PdqHash h = PdqHash.fromHex(BRIDGE);
        assertEquals(BRIDGE, h.toHex());
        assertEquals(h, PdqHash.fromHex(BRIDGE.toUpperCase(java.util.Locale.ROOT)));
        // last four hex digits are word 0 = DCT row 0, in the low 16 bits of long 0
        assertEquals(0x9b22L, h.word(0) & 0xFFFF);
        assertEquals(0xd8f8L, h.word(3) >>> 48);
        assertEquals(128, h.bitCount());
        PdqHash one = PdqHash.of(1, 0, 0, 0);
        assertEquals("0".repeat(63) + "1", one.toHex());
        assertTrue(one.bit(0));
        PdqHash top = PdqHash.of(0, 0, 0, Long.MIN_VALUE);
        assertEquals("8" + "0".repeat(63), top.toHex());
        assertTrue(top.bit(255));
        PdqHash w4 = PdqHash.of(0, 1, 0, 0); // bit 64 = word 4, bit 0
        assertEquals("0".repeat(44) + "0001" + "0".repeat(16), w4.toHex());
        Random rnd = new Random(1);
        for (int i = 0; i < 100; i++) {
            PdqHash r = PdqHash.of(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
            assertEquals(r, PdqHash.fromHex(r.toHex()));
            assertEquals(r.hashCode(), PdqHash.fromHex(r.toHex()).hashCode());
        }
    }

    @Test
    void distanceIsPopcountOfXor() {
        PdqHash a = PdqHash.fromHex(BRIDGE);
        assertEquals(0, a.distance(a));
        PdqHash b = PdqHash.of(a.word(0) ^ 0b1011, a.word(1), a.word(2), a.word(3) ^ (1L << 63));
        assertEquals(4, a.distance(b));
        assertNotEquals(a, b);
    }

    @Test
    void malformedHexIsRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PdqHash.fromHex("abc"));
        assertTrue(e.getMessage().contains("64 hex digits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PdqHash.fromHex("g" + BRIDGE.substring(1)));
        assertTrue(e.getMessage().contains("non-hex character 'g' at index 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PdqHash.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> PdqHash.fromHex(BRIDGE + "0"));
        assertThrows(IllegalArgumentException.class, () -> PdqHash.fromHex(BRIDGE.substring(1) + "\u0661"));
    }

    @Test
    void tinyImagesGiveZeroHashAndQualityZero() {
        PdqResult r = new PdqHasher().hash(DecodedImage.of(4, 100, MediaFormat.PNG, 1, new byte[400], null, 1));
        assertEquals(0, r.quality());
        assertEquals(PdqHash.of(0, 0, 0, 0), r.hash());
        assertEquals(8, r.dihedrals().size());
    }

    @Test
    void labelsAndOrderFollowTheReference() {
        String[] labels = {"original", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"};
        for (Dihedral d : Dihedral.values()) {
            assertEquals(labels[d.ordinal()], d.label());
        }
    }

    @Test
    void hashLumaDoesNotModifyInputAndMatchesHash() {
        DecodedImage img = Images.shapes(120, 90, 5);
        float[] luma = new float[120 * 90];
        byte[] px = img.pixels();
        for (int i = 0; i < luma.length; i++) {
            luma[i] = 0.299f * (px[3 * i] & 0xFF) + 0.587f * (px[3 * i + 1] & 0xFF) + 0.114f * (px[3 * i + 2] & 0xFF);
        }
        float[] copy = luma.clone();
        PdqHasher hasher = new PdqHasher();
        PdqResult a = hasher.hashLuma(luma, 120, 90);
        assertArrayEquals(copy, luma);
        assertEquals(a, hasher.hash(img));
        assertEquals(a, hasher.hashLuma(luma, 120, 90));
        assertThrows(IllegalArgumentException.class, () -> hasher.hashLuma(new float[10], 5, 5));
    }

    @Test
    void neutralRgbHashesLikeGrey() {
        DecodedImage rgb = Images.shapes(80, 60, 9);
        byte[] grey = new byte[80 * 60];
        byte[] neutral = new byte[80 * 60 * 3];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = rgb.pixels()[3 * i + 1];
            neutral[3 * i] = grey[i];
            neutral[3 * i + 1] = grey[i];
            neutral[3 * i + 2] = grey[i];
        }
        PdqHasher hasher = new PdqHasher();
        assertEquals(hasher.hash(DecodedImage.of(80, 60, MediaFormat.PNG, 1, grey, null, 1)),
                hasher.hash(DecodedImage.of(80, 60, MediaFormat.PNG, 3, neutral, null, 1)));
    }

    @Test
    void torbenReturnsTheLowerMedian() {
        float[] v = new float[256];
        for (int i = 0; i < 256; i++) {
            v[i] = (i * 37) % 256;
        }
        assertEquals(127f, PdqCore.torben(v, 256));
    }
}

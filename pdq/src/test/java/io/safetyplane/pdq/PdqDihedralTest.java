package io.safetyplane.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.media.DecodedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rotating or flipping the pixels in-process must be matched by the corresponding DCT-domain dihedral hash. At 64x64
 * (no blur, no decimation) the match is exact; otherwise the reference's even-window box filter and centre
 * decimation are not mirror-symmetric, so the rotated image is sampled one pixel off and a few bits differ
 * (synthetic images with a sparse spectrum are the worst case; the real rotated photos in the conformance test
 * differ by 0..18 bits in the reference too).
 */
class PdqDihedralTest {

    private final PdqHasher hasher = new PdqHasher();

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"64,64", "700,450", "1000,800"})
    void pixelTransformsMatchDihedralHashes(int w, int h) {
        DecodedImage img = Images.shapes(w, h, 1234L + w);
        PdqResult r = hasher.hash(img);
        assertTrue(r.quality() >= 50, "quality " + r.quality());
        for (Dihedral d : Dihedral.values()) {
            PdqResult t = hasher.hash(Images.transform(img, d));
            int toDihedral = t.hash().distance(r.dihedral(d));
            System.out.printf("in-process %dx%d %-10s distance to dihedral %2d, to plain hash %3d%n", w, h, d.label(),
                    toDihedral, t.hash().distance(r.hash()));
            assertTrue(toDihedral <= 31, d + ": " + toDihedral);
            if (d != Dihedral.ORIGINAL) {
                assertTrue(t.hash().distance(r.hash()) > 31, d + " should not match the plain hash");
            } else {
                assertEquals(r.hash(), t.hash());
            }
            if (w == 64 && h == 64) {
                assertEquals(r.dihedral(d), t.hash(), d + " must be exact at 64x64");
            }
        }
    }
}

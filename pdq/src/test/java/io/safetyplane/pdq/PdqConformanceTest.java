package io.safetyplane.pdq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import io.safetyplane.media.MediaRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance against Meta's C++ reference outputs in {@code shared/pdq-vectors} (system property
 * {@code safetyplane.shared.dir}). Skipped, not passed, when the vectors are absent.
 */
class PdqConformanceTest {

    /** Meta's correctness bound for a port with a different decoder (pdq/README.md), applied when quality >= 80. */
    private static final int JPEG_BOUND = 10;
    private static final int MATCH_THRESHOLD = 31;

    private static Path vectors;
    private static final Map<String, Row> ROWS = new LinkedHashMap<>();
    private static final Map<String, PdqResult> RESULTS = new LinkedHashMap<>();
    private static final MediaDecoder DECODER = new MediaDecoder(MediaLimits.defaults());
    private static final PdqHasher HASHER = new PdqHasher();

    private record Row(String path, int quality, PdqHash hash, List<PdqHash> dihedrals) {
    }

    private static String missing;

    @BeforeAll
    static void load() throws IOException {
        String shared = System.getProperty("safetyplane.shared.dir");
        if (shared == null || shared.isBlank()) {
            missing = "system property safetyplane.shared.dir is not set";
            return;
        }
        vectors = Path.of(shared, "pdq-vectors");
        if (!Files.isRegularFile(vectors.resolve("expected.csv"))) {
            missing = "no PDQ vectors at " + vectors;
            return;
        }
        Map<String, List<PdqHash>> dih = new LinkedHashMap<>();
        List<String> dihLines = Files.readAllLines(vectors.resolve("expected-dihedral.csv"));
        for (String line : dihLines.subList(1, dihLines.size())) {
            String[] f = line.split(",");
            List<PdqHash> hs = new ArrayList<>();
            for (int i = 2; i < 10; i++) {
                hs.add(PdqHash.fromHex(f[i]));
            }
            dih.put(f[0], hs);
        }
        List<String> lines = Files.readAllLines(vectors.resolve("expected.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            ROWS.put(f[0], new Row(f[0], Integer.parseInt(f[3]), PdqHash.fromHex(f[4]), dih.get(f[0])));
        }
        for (Row row : ROWS.values()) {
            try {
                DecodedImage img = DECODER.decode(Files.readAllBytes(vectors.resolve("data").resolve(row.path())));
                RESULTS.put(row.path(), HASHER.hash(img));
            } catch (MediaRejectedException e) {
                System.out.println("not decodable: " + row.path() + ": " + e.reason() + " " + e.getMessage());
            }
        }
    }

    /** Each test is reported SKIPPED (not passed) when the shared vectors are absent. */
    @BeforeEach
    void requireVectors() {
        assumeTrue(missing == null, () -> missing);
    }

    @Test
    void hashesAndQualitiesMatchReference() {
        assertEquals(ROWS.size(), RESULTS.size(), "every vector image should decode");
        int[] buckets = new int[4];
        int max = 0;
        long sum = 0;
        for (Row row : ROWS.values()) {
            PdqResult r = RESULTS.get(row.path());
            int d = r.hash().distance(row.hash());
            System.out.printf("pdq-conformance %-46s quality %3d (expected %3d) distance %2d%n", row.path(),
                    r.quality(), row.quality(), d);
            buckets[d == 0 ? 0 : d <= 2 ? 1 : d <= 5 ? 2 : 3]++;
            max = Math.max(max, d);
            sum += d;
        }
        System.out.printf("pdq-conformance summary: %d images, distance 0: %d, 1-2: %d, 3-5: %d, 6-10+: %d,"
                + " max %d, mean %.2f%n", ROWS.size(), buckets[0], buckets[1], buckets[2], buckets[3], max,
                (double) sum / ROWS.size());
        for (Row row : ROWS.values()) {
            PdqResult r = RESULTS.get(row.path());
            int d = r.hash().distance(row.hash());
            assertEquals(row.quality(), r.quality(), "quality of " + row.path());
            if (row.path().endsWith(".png")) {
                assertEquals(0, d, "lossless " + row.path() + " must be bit-exact");
            } else if (row.quality() >= 80) {
                assertTrue(d <= JPEG_BOUND, row.path() + " distance " + d);
            }
        }
    }

    @Test
    void dihedralHashesMatchReference() {
        for (Row row : ROWS.values()) {
            PdqResult r = RESULTS.get(row.path());
            for (Dihedral dh : Dihedral.values()) {
                int d = r.dihedral(dh).distance(row.dihedrals().get(dh.ordinal()));
                if (row.path().endsWith(".png")) {
                    assertEquals(0, d, row.path() + " " + dh.label());
                } else if (row.quality() >= 80) {
                    assertTrue(d <= JPEG_BOUND, row.path() + " " + dh.label() + " distance " + d);
                }
            }
        }
    }

    /** The one-step {@link PdqHasher#hash(byte[], MediaDecoder)} gives exactly the decode-then-hash results. */
    @Test
    void fastPathGivesIdenticalResults() throws IOException, MediaRejectedException {
        for (Row row : ROWS.values()) {
            PdqResult full = RESULTS.get(row.path());
            PdqResult fast = HASHER.hash(Files.readAllBytes(vectors.resolve("data").resolve(row.path())), DECODER);
            assertEquals(full.quality(), fast.quality(), row.path());
            assertEquals(full.dihedrals(), fast.dihedrals(), row.path());
        }
    }

    @Test
    void hexRoundTripsAndBalancedPopcount() {
        for (Row row : ROWS.values()) {
            assertEquals(row.hash(), PdqHash.fromHex(row.hash().toHex()));
            PdqResult r = RESULTS.get(row.path());
            if (r.quality() > 0) {
                for (PdqHash h : r.dihedrals()) {
                    assertEquals(128, h.bitCount(), row.path());
                    assertEquals(h, PdqHash.fromHex(h.toHex()));
                    assertEquals(h, PdqHash.fromHex(h.toHex().toUpperCase(java.util.Locale.ROOT)));
                }
            }
        }
    }

    @Test
    void rotatedFilesMatchOnlyThroughDihedrals() {
        PdqResult original = RESULTS.get("reg-test-input/dih/bridge-1-original.jpg");
        String[] files = {"bridge-2-rotate-90", "bridge-3-rotate-180", "bridge-4-rotate-270", "bridge-5-flipx",
            "bridge-6-flipy", "bridge-7-flip-plus-1", "bridge-8-flip-minus-1"};
        for (int i = 0; i < files.length; i++) {
            Dihedral dh = Dihedral.values()[i + 1];
            PdqHash h = RESULTS.get("reg-test-input/dih/" + files[i] + ".jpg").hash();
            int viaDihedral = h.distance(original.dihedral(dh));
            int plain = h.distance(original.hash());
            System.out.printf("pdq-dih %-22s to %-10s %2d, to plain hash %3d%n", files[i], dh.label(), viaDihedral,
                    plain);
            assertTrue(viaDihedral <= MATCH_THRESHOLD, files[i] + " vs " + dh.label() + ": " + viaDihedral);
            assertTrue(plain > MATCH_THRESHOLD, files[i] + " vs plain: " + plain);
        }
    }

    @Test
    void inProcessRotationOfBridgeMatchesDihedrals() throws Exception {
        DecodedImage img = DECODER.decode(
                Files.readAllBytes(vectors.resolve("data/reg-test-input/dih/bridge-1-original.jpg")));
        PdqResult r = HASHER.hash(img);
        for (Dihedral dh : Dihedral.values()) {
            int d = HASHER.hash(Images.transform(img, dh)).hash().distance(r.dihedral(dh));
            System.out.printf("pdq-dih in-process bridge-1 %-10s %2d%n", dh.label(), d);
            assertTrue(d <= MATCH_THRESHOLD, dh.label() + ": " + d);
        }
    }

    @Test
    void lowQualityImagesAreBelowTheGate() {
        for (String p : List.of("reg-test-input/labelme-subset/q0003.jpg", "reg-test-input/labelme-subset/q0004.jpg",
                "misc-images/small.jpg")) {
            assertTrue(RESULTS.get(p).quality() < 50, p);
        }
    }
}

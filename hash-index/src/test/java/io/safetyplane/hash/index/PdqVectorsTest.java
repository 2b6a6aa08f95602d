package io.safetyplane.hash.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pair counts of the reference's needles/haystack vectors ({@code mih-expected.csv}). */
class PdqVectorsTest {

    @Test
    void pairCountsMatchReferenceExpectations() throws IOException {
        String shared = System.getProperty("safetyplane.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(), "safetyplane.shared.dir is not set");
        Path dir = Path.of(shared, "pdq-vectors");
        Path csv = dir.resolve("mih-expected.csv");
        assumeTrue(Files.isRegularFile(csv), "pdq-vectors not present at " + dir);

        List<String> rows = Files.readAllLines(csv);
        assertEquals("needles,haystack,max_distance,matching_pairs,needles_with_at_least_one_match", rows.get(0).trim());
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.trim().split(",");
            long[] needles = readHashes(dir.resolve(f[0]));
            long[] hay = readHashes(dir.resolve(f[1]));
            int d = Integer.parseInt(f[2]);
            int n = hay.length / 4;
            for (boolean forceProbe : new boolean[] {false, true}) {
                PdqIndex index = PdqIndex.build(hay, n, Math.max(d, 32), -1, forceProbe);
                long[] pairs = new long[1];
                int withMatch = 0;
                for (int i = 0; i < needles.length / 4; i++) {
                    int[] found = new int[1];
                    index.search(needles[4 * i], needles[4 * i + 1], needles[4 * i + 2], needles[4 * i + 3], d,
                            (id, dist) -> found[0]++);
                    pairs[0] += found[0];
                    withMatch += found[0] > 0 ? 1 : 0;
                    TestData.assertExact(index, hay, n, java.util.Arrays.copyOfRange(needles, 4 * i, 4 * i + 4), d);
                }
                assertEquals(Long.parseLong(f[3]), pairs[0], "matching pairs at " + d);
                assertEquals(Integer.parseInt(f[4]), withMatch, "needles with a match at " + d);
            }
            checked++;
        }
        assertEquals(4, checked);
    }

    private static long[] readHashes(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String s = line.trim();
            if (!s.isEmpty()) {
                lines.add(s);
            }
        }
        long[] out = new long[4 * lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String hex = lines.get(i);
            assertEquals(64, hex.length(), "not a 64-hex PDQ hash: " + hex);
            for (int w = 0; w < 4; w++) {
                out[4 * i + w] = Long.parseUnsignedLong(hex.substring(16 * w, 16 * w + 16), 16);
            }
        }
        return out;
    }
}

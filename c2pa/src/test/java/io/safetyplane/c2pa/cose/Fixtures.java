package io.safetyplane.c2pa.cose;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only access to the shared C2PA fixtures: a minimal JPEG APP11 reader and JUMBF walker that
 * returns the active manifest's claim bytes and COSE_Sign1 bytes.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** The claim ({@code cbor} box of c2pa.claim.v2 / c2pa.claim) and signature ({@code cbor} box of c2pa.signature). */
    record Manifest(String label, byte[] claim, byte[] cose) {
    }

    /** A file under the shared directory; skips the test when the shared directory or the file is absent. */
    static Path shared(String relative) {
        String dir = System.getProperty("safetyplane.shared.dir");
        assumeTrue(dir != null && !dir.isBlank(), "safetyplane.shared.dir is not set");
        Path path = Path.of(dir).resolve(relative);
        assumeTrue(Files.isRegularFile(path), "fixture missing: " + relative);
        return path;
    }

    static Manifest activeManifest(Path jpeg) throws IOException {
        byte[] store = jpegStore(Files.readAllBytes(jpeg));
        Box storeBox = parse(store, 0, store.length).get(0);
        List<Box> manifests = storeBox.children().subList(1, storeBox.children().size());
        Box active = manifests.get(manifests.size() - 1);
        byte[] claim = null;
        byte[] cose = null;
        for (Box child : active.children()) {
            String label = child.label();
            if ("c2pa.claim.v2".equals(label) || "c2pa.claim".equals(label)) {
                claim = child.content("cbor");
            } else if ("c2pa.signature".equals(label)) {
                cose = child.content("cbor");
            }
        }
        if (claim == null || cose == null) {
            throw new IOException("active manifest lacks a claim or a signature");
        }
        return new Manifest(active.label(), claim, cose);
    }

    /** Concatenates the JUMBF payload of the APP11 'JP' segments. */
    static byte[] jpegStore(byte[] jpeg) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 2;
        boolean first = true;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xff) != 0xff) {
                throw new IOException("bad JPEG marker at " + pos);
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xda || marker == 0xd9) {
                break;
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            int segStart = pos + 4;
            int segEnd = pos + 2 + length;
            if (marker == 0xeb && jpeg[segStart] == 'J' && jpeg[segStart + 1] == 'P') {
                // CI 'JP', En u16, Z u32, then LBox/TBox (repeated in every segment) and data
                int data = segStart + 2 + 2 + 4;
                out.write(jpeg, first ? data : data + 8, segEnd - (first ? data : data + 8));
                first = false;
            }
            pos = segEnd;
        }
        if (first) {
            throw new IOException("no APP11 JUMBF segments");
        }
        return out.toByteArray();
    }

    record Box(String type, byte[] data, int start, int end, List<Box> children) {
        String label() {
            if (!type.equals("jumb") || children.isEmpty() || !children.get(0).type().equals("jumd")) {
                return null;
            }
            Box d = children.get(0);
            int p = d.start() + 16;
            int toggles = d.data()[p] & 0xff;
            p++;
            if ((toggles & 0x02) == 0) {
                return null;
            }
            int q = p;
            while (q < d.end() && d.data()[q] != 0) {
                q++;
            }
            return new String(d.data(), p, q - p, StandardCharsets.UTF_8);
        }

        byte[] content(String boxType) {
            for (Box c : children) {
                if (c.type().equals(boxType)) {
                    byte[] out = new byte[c.end() - c.start()];
                    System.arraycopy(c.data(), c.start(), out, 0, out.length);
                    return out;
                }
            }
            return null;
        }
    }

    /** Boxes in data[from, to): [u32 LBox][TBox][payload]; jumb boxes are walked recursively. */
    static List<Box> parse(byte[] data, int from, int to) throws IOException {
        List<Box> boxes = new ArrayList<>();
        int pos = from;
        while (pos + 8 <= to) {
            long lbox = ((data[pos] & 0xffL) << 24) | ((data[pos + 1] & 0xff) << 16)
                    | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
            String type = new String(data, pos + 4, 4, StandardCharsets.US_ASCII);
            int header = 8;
            long size = lbox;
            if (lbox == 1) {
                size = 0;
                for (int i = 0; i < 8; i++) {
                    size = (size << 8) | (data[pos + 8 + i] & 0xff);
                }
                header = 16;
            } else if (lbox == 0) {
                size = to - pos;
            }
            int end = (int) (pos + size);
            if (size < header || end > to) {
                throw new IOException("bad box " + type + " at " + pos);
            }
            List<Box> children = type.equals("jumb") ? parse(data, pos + header, end) : List.of();
            boxes.add(new Box(type, data, pos + header, end, children));
            pos = end;
        }
        return boxes;
    }
}

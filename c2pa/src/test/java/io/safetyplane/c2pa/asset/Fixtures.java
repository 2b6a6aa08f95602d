package io.safetyplane.c2pa.asset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared C2PA fixtures ({@code safetyplane.shared.dir}/c2pa-fixtures; tests are skipped without them) and a
 * minimal JUMBF walker to find the hard-binding assertion of the active manifest.
 */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] read(String relative) {
        String shared = System.getProperty("safetyplane.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(), "system property safetyplane.shared.dir is not set");
        Path path = Path.of(shared, "c2pa-fixtures", relative);
        assumeTrue(Files.isRegularFile(path), path + " is missing");
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JUMBF box: type, label (superboxes), where its payload lies in the store, children (superboxes). */
    record JBox(String type, String label, int start, int end, int payload, List<JBox> children) {
        JBox child(String labelPrefix) {
            for (JBox c : children) {
                if (c.label() != null && c.label().startsWith(labelPrefix)) {
                    return c;
                }
            }
            throw new AssertionError("no JUMBF box labelled " + labelPrefix + "… in " + label);
        }
    }

    static JBox parse(byte[] b, int start, int end) {
        long lbox = u32(b, start);
        assertTrue(lbox >= 8 && start + lbox <= end, "JUMBF box at " + start);
        String type = new String(b, start + 4, 4, StandardCharsets.ISO_8859_1);
        int boxEnd = (int) (start + lbox);
        if (!type.equals("jumb")) {
            return new JBox(type, null, start, boxEnd, start + 8, List.of());
        }
        int jumd = start + 8;
        assertEquals("jumd", new String(b, jumd + 4, 4, StandardCharsets.ISO_8859_1));
        int jumdEnd = (int) (jumd + u32(b, jumd));
        int toggles = b[jumd + 8 + 16] & 0xff;
        String label = null;
        if ((toggles & 0x02) != 0) {
            int s = jumd + 8 + 17;
            int z = s;
            while (b[z] != 0) {
                z++;
            }
            label = new String(b, s, z - s, StandardCharsets.UTF_8);
        }
        List<JBox> children = new ArrayList<>();
        for (int p = jumdEnd; p < boxEnd; ) {
            JBox c = parse(b, p, boxEnd);
            children.add(c);
            p = c.end();
        }
        return new JBox(type, label, start, boxEnd, start + 8, children);
    }

    /** Asserts {@code store} is exactly one {@code jumb} superbox labelled {@code c2pa}, as long as its LBox says. */
    static void assertIsStore(byte[] store) {
        assertTrue(store.length > 8);
        assertEquals(store.length, u32(store, 0), "LBox equals the store length");
        JBox root = parse(store, 0, store.length);
        assertEquals("jumb", root.type());
        assertEquals("c2pa", root.label());
        assertEquals("c2pa", new String(store, 16, 4, StandardCharsets.US_ASCII), "description type starts with c2pa");
    }

    /** The CBOR of the first assertion labelled {@code labelPrefix}… in the active (last) manifest of {@code store}. */
    static CBORObject assertion(byte[] store, String labelPrefix) {
        JBox root = parse(store, 0, store.length);
        JBox manifest = root.children().get(root.children().size() - 1);
        JBox assertion = manifest.child("c2pa.assertions").child(labelPrefix);
        for (JBox c : assertion.children()) {
            if (c.type().equals("cbor")) {
                byte[] cbor = java.util.Arrays.copyOfRange(store, c.payload(), c.end());
                return CBORObject.DecodeFromBytes(cbor);
            }
        }
        throw new AssertionError("no cbor content box in " + assertion.label());
    }

    static String label(byte[] store, String labelPrefix) {
        JBox root = parse(store, 0, store.length);
        JBox manifest = root.children().get(root.children().size() - 1);
        return manifest.child("c2pa.assertions").child(labelPrefix).label();
    }

    static List<Exclusion> dataExclusions(CBORObject a) {
        List<Exclusion> out = new ArrayList<>();
        for (CBORObject e : a.get("exclusions").getValues()) {
            out.add(new Exclusion(e.get("start").AsInt64Value(), e.get("length").AsInt64Value()));
        }
        return out;
    }

    static List<BmffExclusion> bmffExclusions(CBORObject a) {
        List<BmffExclusion> out = new ArrayList<>();
        for (CBORObject e : a.get("exclusions").getValues()) {
            List<BmffExclusion.DataMatch> data = new ArrayList<>();
            if (present(e, "data")) {
                for (CBORObject d : e.get("data").getValues()) {
                    data.add(new BmffExclusion.DataMatch(d.get("offset").AsInt64Value(), d.get("value").GetByteString()));
                }
            }
            List<BmffExclusion.Subset> subset = new ArrayList<>();
            if (present(e, "subset")) {
                for (CBORObject s : e.get("subset").getValues()) {
                    subset.add(new BmffExclusion.Subset(s.get("offset").AsInt64Value(), s.get("length").AsInt64Value()));
                }
            }
            out.add(new BmffExclusion(e.get("xpath").AsString(),
                    present(e, "length") ? Optional.of(e.get("length").AsInt64Value()) : Optional.empty(), data, subset,
                    present(e, "version") ? Optional.of(e.get("version").AsInt32Value()) : Optional.empty(),
                    present(e, "flags") ? Optional.of(e.get("flags").GetByteString()) : Optional.empty(),
                    present(e, "exact") ? Optional.of(e.get("exact").AsBoolean()) : Optional.empty()));
        }
        return out;
    }

    private static boolean present(CBORObject map, String key) {
        CBORObject v = map.get(key);
        return v != null && !v.isNull() && v.getType() != CBORType.SimpleValue;
    }

    static String alg(CBORObject a) {
        CBORObject alg = a.get("alg");
        return alg == null || alg.isNull() ? "sha256" : alg.AsString();
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** A fake but well-formed store of {@code length} bytes: a {@code c2pa} superbox whose payload is filler. */
    static byte[] fakeStore(int length, int seed) {
        byte[] s = new byte[length];
        s[0] = (byte) (length >>> 24);
        s[1] = (byte) (length >>> 16);
        s[2] = (byte) (length >>> 8);
        s[3] = (byte) length;
        System.arraycopy("jumb".getBytes(StandardCharsets.US_ASCII), 0, s, 4, 4);
        byte[] jumd = {0, 0, 0, 0x1e, 'j', 'u', 'm', 'd', 'c', '2', 'p', 'a', 0x00, 0x11, 0x00, 0x10, (byte) 0x80, 0x00, 0x00,
            (byte) 0xaa, 0x00, 0x38, (byte) 0x9b, 0x71, 0x03, 'c', '2', 'p', 'a', 0};
        System.arraycopy(jumd, 0, s, 8, jumd.length);
        int padStart = 8 + jumd.length;
        int pad = length - padStart;
        s[padStart] = (byte) (pad >>> 24);
        s[padStart + 1] = (byte) (pad >>> 16);
        s[padStart + 2] = (byte) (pad >>> 8);
        s[padStart + 3] = (byte) pad;
        System.arraycopy("free".getBytes(StandardCharsets.US_ASCII), 0, s, padStart + 4, 4);
        java.util.Random r = new java.util.Random(seed);
        for (int i = padStart + 8; i < length; i++) {
            s[i] = (byte) r.nextInt(256);
        }
        return s;
    }
}

package io.safetyplane.c2pa.jumbf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Writing JUMBF boxes, and the C2PA box types (c2pa-rs {@code jumbf/boxes.rs}): every C2PA type UUID is
 * {@code XXXXXXXX-0011-0010-8000-00AA00389B71} with the four ASCII bytes of its tag first.
 */
public final class Jumbf {
    public static final UUID MANIFEST_STORE = c2pa("c2pa");
    public static final UUID MANIFEST = c2pa("c2ma");
    public static final UUID UPDATE_MANIFEST = c2pa("c2um");
    public static final UUID ASSERTION_STORE = c2pa("c2as");
    public static final UUID CLAIM = c2pa("c2cl");
    public static final UUID SIGNATURE = c2pa("c2cs");
    public static final UUID CBOR_ASSERTION = c2pa("cbor");
    public static final UUID JSON_ASSERTION = c2pa("json");

    /** Requestable (0x01) and labelled (0x02), as C2PA boxes are. */
    private static final int TOGGLES = 0x03;

    private Jumbf() {
    }

    private static UUID c2pa(String tag) {
        byte[] t = tag.getBytes(StandardCharsets.ISO_8859_1);
        long high = ((long) (t[0] & 0xFF) << 56) | ((long) (t[1] & 0xFF) << 48) | ((long) (t[2] & 0xFF) << 40)
                | ((long) (t[3] & 0xFF) << 32) | 0x0011_0010L;
        return new UUID(high, 0x8000_00AA_0038_9B71L);
    }

    /** A superbox: {@code jumb} with a description of {@code type} and {@code label}, then the children as given. */
    public static byte[] superbox(UUID type, String label, byte[]... children) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        int descriptionLength = 8 + 16 + 1 + l.length + 1;
        int length = 8 + descriptionLength;
        for (byte[] c : children) {
            length += c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(length).put("jumb".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(descriptionLength).put("jumd".getBytes(StandardCharsets.ISO_8859_1));
        b.putLong(type.getMostSignificantBits()).putLong(type.getLeastSignificantBits());
        b.put((byte) TOGGLES).put(l).put((byte) 0);
        for (byte[] c : children) {
            b.put(c);
        }
        return b.array();
    }

    /** A content box of {@code type} ({@code cbor}, {@code json}) holding {@code payload}. */
    public static byte[] content(String type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(8 + payload.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(payload);
        return b.array();
    }

    /** A labelled CBOR assertion: a superbox of type {@link #CBOR_ASSERTION} holding one {@code cbor} box. */
    public static byte[] cborAssertion(String label, byte[] cbor) {
        return superbox(CBOR_ASSERTION, label, content("cbor", cbor));
    }

    /**
     * The digest a hashed URI carries for a box: over its payload, from its description box through its last
     * child, without the superbox's own header (c2pa-rs {@code calc_assertion_box_hash}).
     */
    public static byte[] payloadDigest(byte[] source, int offset, int length, int headerLength, String alg) {
        MessageDigest md = Hashing.digest(alg);
        md.update(source, offset + headerLength, length - headerLength);
        return md.digest();
    }

    public static byte[] payloadDigest(JumbfBox box, String alg) {
        return payloadDigest(box.source(), box.offset(), box.length(), box.headerLength(), alg);
    }

    /** Concatenates boxes. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

package io.safetyplane.c2pa.jumbf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A box of a JUMBF tree (ISO/IEC 19566-5) as it lies in its source bytes: {@code [u32 LBox][4-char TBox][payload]}.
 * A superbox ({@code jumb}) starts with a description box ({@code jumd}: type UUID, toggles, label) and holds
 * further boxes; every other box is content ({@code cbor}, {@code json}, …). Boxes keep their offsets so that
 * hashes are taken over the stored bytes, never over a re-encoding.
 */
public final class JumbfBox {
    private final byte[] source;
    private final int offset;
    private final int length;
    private final int headerLength;
    private final String type;
    private final UUID descriptionType;
    private final String label;
    private final List<JumbfBox> children;

    private JumbfBox(byte[] source, int offset, int length, int headerLength, String type, UUID descriptionType, String label,
            List<JumbfBox> children) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.headerLength = headerLength;
        this.type = type;
        this.descriptionType = descriptionType;
        this.label = label;
        this.children = children;
    }

    /** Parses the one box at the start of {@code bytes} (a manifest store: the {@code c2pa} superbox). */
    public static JumbfBox parse(byte[] bytes) throws JumbfException {
        if (bytes.length < 8) {
            throw new JumbfException("the manifest store is " + bytes.length + " bytes, shorter than a box header");
        }
        return parse(bytes, 0, bytes.length, 0);
    }

    private static JumbfBox parse(byte[] b, int at, int end, int depth) throws JumbfException {
        if (depth > 32) {
            throw new JumbfException("JUMBF boxes nested deeper than 32 at offset " + at);
        }
        if (at + 8 > end) {
            throw new JumbfException("truncated box header at offset " + at);
        }
        long size = u32(b, at);
        String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
        int header = 8;
        if (size == 1) {
            if (at + 16 > end) {
                throw new JumbfException("truncated extended box header at offset " + at);
            }
            size = u32(b, at + 8) << 32 | u32(b, at + 12);
            header = 16;
        } else if (size == 0) {
            size = end - at;
        }
        if (size < header || size > end - at) {
            throw new JumbfException("box '" + printable(type) + "' at offset " + at + " declares " + size + " bytes, "
                    + (end - at) + " remain");
        }
        int boxEnd = at + (int) size;
        if (!type.equals("jumb")) {
            return new JumbfBox(b, at, (int) size, header, type, null, null, List.of());
        }
        // superbox: the description box first
        int p = at + header;
        if (p + 8 > boxEnd || !new String(b, p + 4, 4, StandardCharsets.ISO_8859_1).equals("jumd")) {
            throw new JumbfException("superbox at offset " + at + " does not start with a description box (jumd)");
        }
        long dsize = u32(b, p);
        if (dsize < 8 + 17 || dsize > boxEnd - p) {
            throw new JumbfException("description box at offset " + p + " declares an invalid size " + dsize);
        }
        int dEnd = p + (int) dsize;
        UUID uuid = new UUID(u64(b, p + 8), u64(b, p + 16));
        int toggles = b[p + 24] & 0xFF;
        String label = null;
        if ((toggles & 0x02) != 0) {
            int q = p + 25;
            int z = q;
            while (z < dEnd && b[z] != 0) {
                z++;
            }
            if (z >= dEnd) {
                throw new JumbfException("description box at offset " + p + " has an unterminated label");
            }
            label = new String(b, q, z - q, StandardCharsets.UTF_8);
        }
        List<JumbfBox> children = new ArrayList<>();
        for (int q = dEnd; q < boxEnd;) {
            JumbfBox child = parse(b, q, boxEnd, depth + 1);
            children.add(child);
            q += child.length;
        }
        return new JumbfBox(b, at, (int) size, header, type, uuid, label, List.copyOf(children));
    }

    public String type() {
        return type;
    }

    public boolean isSuperbox() {
        return descriptionType != null;
    }

    /** The description's type UUID of a superbox ({@link Jumbf#MANIFEST_STORE}, {@link Jumbf#CBOR_ASSERTION} …). */
    public Optional<UUID> descriptionType() {
        return Optional.ofNullable(descriptionType);
    }

    /** The label of a superbox, when it has one. */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** Boxes inside a superbox after its description, in order. */
    public List<JumbfBox> children() {
        return children;
    }

    /** The child superbox labelled {@code label}. */
    public Optional<JumbfBox> child(String label) {
        for (JumbfBox c : children) {
            if (label.equals(c.label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The first content box of a superbox (its payload is an assertion's or claim's data). */
    public Optional<JumbfBox> content() {
        for (JumbfBox c : children) {
            if (!c.isSuperbox()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The payload: everything after the box header. */
    public byte[] payload() {
        byte[] out = new byte[length - headerLength];
        System.arraycopy(source, offset + headerLength, out, 0, out.length);
        return out;
    }

    /** Offset of the box in the parsed bytes. */
    public int offset() {
        return offset;
    }

    /** Length of the whole box, header included. */
    public int length() {
        return length;
    }

    public int headerLength() {
        return headerLength;
    }

    /** The bytes the box was parsed from; the box is {@code [offset, offset + length)} of them. */
    byte[] source() {
        return source;
    }

    static long u32(byte[] b, int p) {
        return (long) (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static long u64(byte[] b, int p) {
        return u32(b, p) << 32 | u32(b, p + 4);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }
}

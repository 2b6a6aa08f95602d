package io.safetyplane.c2pa.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ISO BMFF box tree as c2pa-rs {@code bmff_io.rs build_bmff_tree} sees it: the same container boxes are
 * descended into, the same boxes carry a version and flags, and paths are {@code /moov/trak/…}.
 */
final class Bmff {
    static final byte[] C2PA_UUID = {(byte) 0xd8, (byte) 0xfe, (byte) 0xc3, (byte) 0xd6, 0x1b, 0x0e, 0x48, 0x3c,
        (byte) 0x92, (byte) 0x97, 0x58, 0x28, (byte) 0x87, 0x7e, (byte) 0xc4, (byte) 0x81};
    private static final int MAX_DEPTH = 32;
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "moof", "traf", "edts",
            "udta", "dinf", "tref", "treg", "mvex", "mfra", "meta", "schi");
    /** ISO/IEC 14496-12:2022 FullBoxes (c2pa-rs {@code FULL_BOX_TYPES}). */
    private static final Set<String> FULL_BOXES = Set.of("pdin", "mvhd", "tkhd", "mdhd", "hdlr", "nmhd", "elng", "stsd",
            "stdp", "stts", "ctts", "cslg", "stss", "stsh", "elst", "dref", "stsz", "stz2", "stsc", "stco", "co64", "padb",
            "subs", "saiz", "saio", "mehd", "trex", "mfhd", "tfhd", "trun", "tfra", "mfro", "tfdt", "leva", "trep", "assp",
            "sbgp", "sgpd", "csgp", "cprt", "tsel", "kind", "meta", "xml ", "bxml", "iloc", "pitm", "ipro", "infe", "iinf",
            "iref", "ipma", "schm", "fiin", "fpar", "fecr", "gitn", "fire", "stri", "stsg", "stvi", "csch", "sidx", "ssix",
            "prft", "srpp", "vmhd", "smhd", "srat", "chnl", "dmix", "txtC", "mime", "uri ", "uriI", "hmhd", "sthd", "vvhd",
            "medc");

    private Bmff() {
    }

    /**
     * One box: {@code start} and {@code size} in the file, header length (8, or 16 with a 64-bit size),
     * version and flags (-1 when the box has none), and its path.
     */
    record Box(String type, String path, int start, int size, int headerLength, int version, int flags) {
        int end() {
            return start + size;
        }

        boolean topLevel() {
            return path.lastIndexOf('/') == 0;
        }
    }

    /** Every box of the file, depth first in file order (containers before their children). */
    static List<Box> tree(byte[] b) throws AssetException {
        List<Box> boxes = new ArrayList<>();
        parse(b, 0, b.length, "", 0, boxes, true);
        return boxes;
    }

    /** The top-level boxes only. */
    static List<Box> topLevel(byte[] b) throws AssetException {
        List<Box> boxes = new ArrayList<>();
        parse(b, 0, b.length, "", 0, boxes, false);
        return boxes;
    }

    private static void parse(byte[] b, int from, int to, String parent, int depth, List<Box> out, boolean descend)
            throws AssetException {
        if (depth > MAX_DEPTH) {
            throw Bin.corrupt("MP4: boxes nested more than %d deep at offset %d", MAX_DEPTH, from);
        }
        int pos = from;
        while (pos < to) {
            if (to - pos < 8) {
                if (depth == 0) {
                    throw Bin.corrupt("MP4: %d stray bytes at offset %d where a box header should be (truncated)", to - pos, pos);
                }
                return; // QuickTime writes a 4-byte terminator at the end of some containers
            }
            long size = Bin.u32be(b, pos);
            String type = Bin.ascii(b, pos + 4, 4);
            int headerLength = 8;
            if (size == 1) {
                if (to - pos < 16) {
                    throw Bin.corrupt("MP4: box '%s' at offset %d has a 64-bit size that runs past its end", type, pos);
                }
                size = Bin.u64be(b, pos + 8);
                headerLength = 16;
            } else if (size == 0) {
                size = b.length - pos; // to the end of the file
            }
            if (size < headerLength) {
                throw Bin.corrupt("MP4: box '%s' at offset %d declares size %d, smaller than its header", type, pos, size);
            }
            if (size > to - pos) {
                throw Bin.corrupt("MP4: box '%s' at offset %d declares %d bytes, past the end of its %s (offset %d)", type, pos,
                        size, depth == 0 ? "file" : "container", to);
            }
            int end = pos + (int) size;
            String path = parent + "/" + type;
            int body = pos + headerLength;
            int version = -1;
            int flags = -1;
            boolean container = CONTAINERS.contains(type);
            boolean full;
            if (type.equals("uuid")) {
                full = end - body >= 20 && Bin.equalsBytes(b, body, C2PA_UUID);
                body += 16;
            } else if (type.equals("meta")) {
                full = isFullMeta(b, body, size);
            } else {
                full = FULL_BOXES.contains(type);
            }
            if (full && body + 4 <= end) {
                version = b[body] & 0xff;
                flags = Bin.u24be(b, body + 1);
                body += 4;
            }
            out.add(new Box(type, path, pos, (int) size, headerLength, version, flags));
            if (container && descend) {
                parse(b, body, end, path, depth + 1, out, true);
            }
            pos = end;
        }
    }

    /** ISO BMFF {@code meta} is a FullBox; QuickTime's is a plain box whose first child starts right after the header. */
    private static boolean isFullMeta(byte[] b, int body, long boxSize) {
        if (body + 8 > b.length) {
            return true;
        }
        long childSize = Bin.u32be(b, body);
        for (int i = 4; i < 8; i++) {
            int c = b[body + i] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return true;
            }
        }
        return !(childSize > 0 && childSize <= boxSize);
    }
}

package io.safetyplane.c2pa.asset;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * MP4 (ISO BMFF): the store in a top-level C2PA {@code uuid} box (c2pa-rs {@code bmff_io.rs write_c2pa_box}):
 * size, {@code uuid}, the C2PA UUID {@code d8fec3d6-1b0e-483c-9297-5828877ec481}, version 0 and flags 0, purpose
 * {@code "manifest\0"}, a 64-bit Merkle offset of 0, the store. A new box goes right after {@code ftyp}; an existing
 * manifest box is replaced where it is. Chunk offsets ({@code stco}, {@code co64}) that point past the change are
 * shifted by the change in size. Fragmented files ({@code moof}) and update manifests are not supported; offsets in
 * {@code iloc}, {@code saio}, {@code tfhd} and {@code tfra}, which c2pa-rs also shifts, only occur in those or in
 * HEIF-style files and are not adjusted here. The hard binding is {@link BmffHash}, so there are no exclusions.
 */
public final class Mp4Handler implements AssetHandler {
    private static final byte[] PURPOSE = "manifest\0".getBytes(StandardCharsets.US_ASCII);
    /** size, type, UUID, version/flags, purpose, Merkle offset. */
    static final int BOX_HEADER = 8 + 16 + 4 + 9 + 8;

    @Override
    public AssetFormat format() {
        return AssetFormat.MP4;
    }

    @Override
    public boolean accepts(byte[] asset) {
        return asset != null && Bin.equalsAscii(asset, 4, "ftyp");
    }

    /** The manifest-store box among the top-level boxes, or null; refuses fragmented files and update manifests. */
    private static Bmff.Box manifestBox(byte[] b, List<Bmff.Box> boxes, boolean writing) throws AssetException {
        if (boxes.isEmpty() || !boxes.get(0).type().equals("ftyp")) {
            throw Bin.corrupt("not an MP4: the first box at offset 0 is not 'ftyp'");
        }
        Bmff.Box found = null;
        boolean moov = false;
        for (Bmff.Box box : boxes) {
            switch (box.type()) {
                case "moov" -> moov = true;
                case "moof" -> throw Bin.unsupported("MP4: fragmented files ('moof' at offset %d) are not supported", box.start());
                case "uuid" -> {
                    String purpose = c2paPurpose(b, box);
                    if (purpose == null || purpose.equals("merkle")) {
                        continue;
                    }
                    if (!purpose.equals("manifest")) {
                        throw Bin.unsupported("MP4: C2PA box with purpose '%s' at offset %d (update manifests) is not supported",
                                purpose, box.start());
                    }
                    if (found != null) {
                        throw Bin.corrupt("MP4: a second C2PA manifest box at offset %d", box.start());
                    }
                    found = box;
                }
                default -> {
                }
            }
        }
        if (!moov && writing) {
            throw Bin.corrupt("MP4 has no 'moov' box");
        }
        return found;
    }

    /** The purpose of a C2PA uuid box, or null for another uuid box. */
    private static String c2paPurpose(byte[] b, Bmff.Box box) throws AssetException {
        int uuid = box.start() + box.headerLength();
        if (box.end() - uuid < 16 || !Bin.equalsBytes(b, uuid, Bmff.C2PA_UUID)) {
            return null;
        }
        int purpose = uuid + 16 + 4;
        for (int i = purpose; i < box.end(); i++) {
            if (b[i] == 0) {
                return Bin.ascii(b, purpose, i - purpose);
            }
        }
        throw Bin.corrupt("MP4: the C2PA box at offset %d has no terminated purpose", box.start());
    }

    @Override
    public Optional<byte[]> readStore(byte[] asset) throws AssetException {
        Bmff.Box box = manifestBox(asset, Bmff.topLevel(asset), false);
        if (box == null) {
            return Optional.empty();
        }
        int store = box.start() + box.headerLength() + BOX_HEADER - 8;
        if (store > box.end()) {
            throw Bin.corrupt("MP4: the C2PA box at offset %d is too short for its Merkle offset", box.start());
        }
        byte[] out = new byte[box.end() - store];
        System.arraycopy(asset, store, out, 0, out.length);
        return Optional.of(out);
    }

    @Override
    public byte[] removeStore(byte[] asset) throws AssetException {
        Bmff.Box box = manifestBox(asset, Bmff.topLevel(asset), true);
        if (box == null) {
            return asset.clone();
        }
        return replace(asset, box.start(), box.end(), null).bytes();
    }

    @Override
    public Embedding embed(byte[] asset, byte[] store) throws AssetException {
        Bin.checkStore(store);
        List<Bmff.Box> boxes = Bmff.topLevel(asset);
        Bmff.Box box = manifestBox(asset, boxes, true);
        if (box == null) {
            int at = boxes.get(0).end();
            return replace(asset, at, at, store);
        }
        return replace(asset, box.start(), box.end(), store);
    }

    /** The asset with {@code [start, end)} replaced by a C2PA box holding {@code store} (nothing if null). */
    private static StoreEmbedding replace(byte[] asset, int start, int end, byte[] store) throws AssetException {
        long boxSize = store == null ? 0 : BOX_HEADER + (long) store.length;
        if (boxSize > 0xFFFFFFFFL) {
            throw Bin.unsupported("MP4: a store of %d bytes is larger than this handler writes", store.length);
        }
        long delta = boxSize - (end - start);
        long size = asset.length + delta;
        if (size > Integer.MAX_VALUE - 8) {
            throw Bin.unsupported("MP4 with the store would be %d bytes, more than this handler writes", size);
        }
        List<Bmff.Box> tree = Bmff.tree(asset);
        byte[] out = new byte[(int) size];
        System.arraycopy(asset, 0, out, 0, start);
        int at = start;
        if (store != null) {
            Bin.put32be(out, at, boxSize);
            out[at + 4] = 'u';
            out[at + 5] = 'u';
            out[at + 6] = 'i';
            out[at + 7] = 'd';
            System.arraycopy(Bmff.C2PA_UUID, 0, out, at + 8, 16);
            // version 0, flags 0 at +24, purpose at +28, Merkle offset 0 at +37: already zero
            System.arraycopy(PURPOSE, 0, out, at + 28, PURPOSE.length);
            System.arraycopy(store, 0, out, at + BOX_HEADER, store.length);
            at += (int) boxSize;
        }
        System.arraycopy(asset, end, out, at, asset.length - end);
        if (delta != 0) {
            shiftChunkOffsets(asset, tree, out, start, end, delta);
        }
        if (store == null) {
            return StoreEmbedding.contiguous(out, List.of(), start, 0, null);
        }
        return StoreEmbedding.contiguous(out, List.of(), start + BOX_HEADER, store.length, null);
    }

    /**
     * Adds {@code delta} to every {@code stco}/{@code co64} entry of {@code asset} that points at or after {@code end}
     * (the bytes that moved), writing the result into {@code out} where that table now lies.
     */
    private static void shiftChunkOffsets(byte[] asset, List<Bmff.Box> tree, byte[] out, int start, int end, long delta)
            throws AssetException {
        for (Bmff.Box box : tree) {
            boolean co64 = box.path().equals("/moov/trak/mdia/minf/stbl/co64");
            if (!co64 && !box.path().equals("/moov/trak/mdia/minf/stbl/stco")) {
                continue;
            }
            int entries = box.start() + box.headerLength() + 8;
            if (entries > box.end()) {
                throw Bin.corrupt("MP4: '%s' at offset %d is too short for its entry count", box.type(), box.start());
            }
            long count = Bin.u32be(asset, entries - 4);
            int width = co64 ? 8 : 4;
            if (count * width > box.end() - entries) {
                throw Bin.corrupt("MP4: '%s' at offset %d declares %d entries, past the end of the box", box.type(), box.start(), count);
            }
            int moved = box.start() >= end ? (int) delta : 0; // where the table lies in out
            for (int i = 0; i < count; i++) {
                int p = entries + i * width;
                if (co64) {
                    long offset = Bin.u64be(asset, p);
                    if (offset >= end) {
                        Bin.put64be(out, p + moved, offset + delta);
                    }
                } else {
                    long offset = Bin.u32be(asset, p);
                    if (offset >= end) {
                        long shifted = offset + delta;
                        if (shifted > 0xFFFFFFFFL) {
                            throw Bin.unsupported("MP4: chunk offset %d in 'stco' at offset %d no longer fits 32 bits", shifted, box.start());
                        }
                        Bin.put32be(out, p + moved, shifted);
                    }
                }
            }
        }
    }
}

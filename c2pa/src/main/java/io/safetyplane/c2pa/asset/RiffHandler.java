package io.safetyplane.c2pa.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WebP and WAV (RIFF): the store as the data of a top-level {@code C2PA} chunk appended at the end of the RIFF
 * chunk, followed by a pad byte when its size is odd, with the RIFF size updated (c2pa-rs {@code riff_io.rs};
 * c2pa-rs touches {@code VP8X} only for XMP, never for C2PA, and so does this handler). The hash exclusion is the
 * chunk's 8-byte header and data, without the pad byte, as c2pa-rs computes it.
 */
public final class RiffHandler implements AssetHandler {
    private static final String C2PA = "C2PA";
    private final AssetFormat format;
    private final String formType;

    /** A handler for {@link AssetFormat#WEBP} or {@link AssetFormat#WAV}. */
    public RiffHandler(AssetFormat format) {
        this.format = format;
        this.formType = switch (format) {
            case WEBP -> "WEBP";
            case WAV -> "WAVE";
            default -> throw new IllegalArgumentException("not a RIFF format: " + format);
        };
    }

    /** A top-level chunk from its header at {@code start}; {@code next} is where the next chunk starts (after any pad byte). */
    private record Chunk(String id, int start, int size, int next) {
        int dataEnd() {
            return start + 8 + size;
        }
    }

    /** The top-level chunks, where the RIFF chunk's data ends ({@code riffEnd}), and whether its last pad byte is missing. */
    private record Layout(List<Chunk> chunks, int riffEnd, boolean missingPad) {
    }

    @Override
    public AssetFormat format() {
        return format;
    }

    @Override
    public boolean accepts(byte[] asset) {
        return asset != null && Bin.equalsAscii(asset, 0, "RIFF") && Bin.equalsAscii(asset, 8, formType);
    }

    @Override
    public Optional<byte[]> readStore(byte[] asset) throws AssetException {
        // c2pa-rs reads the first C2PA chunk
        for (Chunk c : layout(asset).chunks()) {
            if (c.id().equals(C2PA)) {
                byte[] store = new byte[c.size()];
                System.arraycopy(asset, c.start() + 8, store, 0, c.size());
                return Optional.of(store);
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] removeStore(byte[] asset) throws AssetException {
        Layout layout = layout(asset);
        List<Chunk> stores = stores(layout);
        if (stores.isEmpty()) {
            return asset.clone();
        }
        return write(asset, layout, stores, null).bytes();
    }

    @Override
    public Embedding embed(byte[] asset, byte[] store) throws AssetException {
        Bin.checkStore(store);
        Layout layout = layout(asset);
        return write(asset, layout, stores(layout), store);
    }

    private static List<Chunk> stores(Layout layout) {
        List<Chunk> stores = new ArrayList<>();
        for (Chunk c : layout.chunks()) {
            if (c.id().equals(C2PA)) {
                stores.add(c);
            }
        }
        return stores;
    }

    /** The asset without the {@code removed} chunks and, if {@code store} is not null, with a new C2PA chunk at the end of RIFF. */
    private StoreEmbedding write(byte[] asset, Layout layout, List<Chunk> removed, byte[] store) throws AssetException {
        int removedBytes = 0;
        for (Chunk c : removed) {
            removedBytes += c.next() - c.start();
        }
        List<Chunk> chunks = layout.chunks();
        boolean lastRemoved = !removed.isEmpty() && removed.get(removed.size() - 1) == chunks.get(chunks.size() - 1);
        int pad = layout.missingPad() && !lastRemoved ? 1 : 0;
        long added = store == null ? 0 : 8L + store.length + (store.length & 1);
        long riffData = (long) layout.riffEnd() + pad - removedBytes + added - 8;
        if (riffData > 0xFFFFFFFFL) {
            throw Bin.unsupported("RIFF with the store would be %d bytes, more than a RIFF size field holds (RF64 is not supported)",
                    riffData + 8);
        }
        long size = (long) asset.length + pad - removedBytes + added;
        if (size > Integer.MAX_VALUE - 8) {
            throw Bin.unsupported("RIFF with the store would be %d bytes, more than this handler writes", size);
        }
        byte[] out = new byte[(int) size];
        int at = 0;
        int pos = 0;
        for (Chunk c : removed) {
            System.arraycopy(asset, pos, out, at, c.start() - pos);
            at += c.start() - pos;
            pos = c.next();
        }
        System.arraycopy(asset, pos, out, at, layout.riffEnd() - pos);
        at += layout.riffEnd() - pos;
        at += pad; // the zero pad byte the last chunk was missing
        Bin.put32le(out, 4, riffData);
        if (store == null) {
            System.arraycopy(asset, layout.riffEnd(), out, at, asset.length - layout.riffEnd());
            return StoreEmbedding.contiguous(out, List.of(), at, 0, null);
        }
        int chunkStart = at;
        out[at] = 'C';
        out[at + 1] = '2';
        out[at + 2] = 'P';
        out[at + 3] = 'A';
        Bin.put32le(out, at + 4, store.length);
        System.arraycopy(store, 0, out, at + 8, store.length);
        at += 8 + store.length + (store.length & 1);
        // bytes after the RIFF chunk (rare) are kept where they were, after it
        System.arraycopy(asset, layout.riffEnd(), out, at, asset.length - layout.riffEnd());
        return StoreEmbedding.contiguous(out, List.of(new Exclusion(chunkStart, 8L + store.length)), chunkStart + 8,
                store.length, null);
    }

    private Layout layout(byte[] b) throws AssetException {
        if (b.length < 12 || !Bin.equalsAscii(b, 0, "RIFF")) {
            throw Bin.corrupt("not a RIFF file: no 'RIFF' at offset 0");
        }
        if (!Bin.equalsAscii(b, 8, formType)) {
            throw Bin.corrupt("RIFF form type at offset 8 is '%s', not '%s'", Bin.ascii(b, 8, 4), formType);
        }
        long riffSize = Bin.u32le(b, 4);
        if (riffSize < 4 || 8 + riffSize > b.length) {
            throw Bin.corrupt("RIFF chunk at offset 0 declares %d bytes, but the file has %d after its header (truncated)",
                    riffSize, b.length - 8);
        }
        int riffEnd = (int) (8 + riffSize);
        List<Chunk> chunks = new ArrayList<>();
        int pos = 12;
        boolean missingPad = false;
        while (pos < riffEnd) {
            if (pos + 8 > riffEnd) {
                throw Bin.corrupt("RIFF: chunk header at offset %d runs past the end of the RIFF chunk (%d)", pos, riffEnd);
            }
            String id = Bin.ascii(b, pos, 4);
            long size = Bin.u32le(b, pos + 4);
            if (pos + 8 + size > riffEnd) {
                throw Bin.corrupt("RIFF: chunk '%s' at offset %d declares %d bytes, past the end of the RIFF chunk (%d)",
                        id, pos, size, riffEnd);
            }
            long next = pos + 8 + size + (size & 1);
            if (next > riffEnd) {
                missingPad = true; // a RIFF size that leaves out the last pad byte: tolerated, written back with it
                next = riffEnd;
            }
            chunks.add(new Chunk(id, pos, (int) size, (int) next));
            pos = (int) next;
        }
        return new Layout(chunks, riffEnd, missingPad);
    }
}

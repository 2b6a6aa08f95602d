package io.safetyplane.c2pa.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * PNG: the store as the data of a {@code caBX} chunk right after IHDR (c2pa-rs {@code png_io.rs}). The hash
 * exclusion is the whole chunk: length, type, data and CRC.
 */
public final class PngHandler implements AssetHandler {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final String CABX = "caBX";

    /** A chunk from its length field at {@code start}; {@code dataLength} bytes of data; ends after the CRC. */
    private record Chunk(String type, int start, int dataLength) {
        int end() {
            return start + 12 + dataLength;
        }
    }

    @Override
    public AssetFormat format() {
        return AssetFormat.PNG;
    }

    @Override
    public boolean accepts(byte[] asset) {
        return asset != null && Bin.equalsBytes(asset, 0, SIGNATURE);
    }

    @Override
    public Optional<byte[]> readStore(byte[] asset) throws AssetException {
        Chunk found = null;
        for (Chunk c : chunks(asset)) {
            if (c.type().equals(CABX)) {
                if (found != null) {
                    throw Bin.corrupt("PNG has a second caBX chunk (C2PA manifest store) at offset %d", c.start());
                }
                found = c;
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        byte[] store = new byte[found.dataLength()];
        System.arraycopy(asset, found.start() + 8, store, 0, store.length);
        return Optional.of(store);
    }

    @Override
    public byte[] removeStore(byte[] asset) throws AssetException {
        List<Chunk> stores = stores(chunks(asset));
        if (stores.isEmpty()) {
            return asset.clone();
        }
        byte[] out = new byte[asset.length - removed(stores)];
        copyExcept(asset, 0, asset.length, stores, out, 0);
        return out;
    }

    @Override
    public Embedding embed(byte[] asset, byte[] store) throws AssetException {
        Bin.checkStore(store);
        List<Chunk> chunks = chunks(asset);
        List<Chunk> stores = stores(chunks);
        int ihdrEnd = chunks.get(0).end();
        long size = (long) asset.length - removed(stores) + 12 + store.length;
        if (size > Integer.MAX_VALUE - 8) {
            throw Bin.unsupported("PNG with the store would be %d bytes, more than this handler writes", size);
        }
        byte[] out = new byte[(int) size];
        int at = copyExcept(asset, 0, ihdrEnd, stores, out, 0);
        int chunkStart = at;
        Bin.put32be(out, at, store.length);
        out[at + 4] = 'c';
        out[at + 5] = 'a';
        out[at + 6] = 'B';
        out[at + 7] = 'X';
        System.arraycopy(store, 0, out, at + 8, store.length);
        writeCrc(out, chunkStart, store.length);
        at += 12 + store.length;
        copyExcept(asset, ihdrEnd, asset.length, stores, out, at);
        return StoreEmbedding.contiguous(out, List.of(new Exclusion(chunkStart, 12L + store.length)), chunkStart + 8,
                store.length, bytes -> writeCrc(bytes, chunkStart, store.length));
    }

    /** Writes the CRC-32 over the type and data of the chunk at {@code start}. */
    private static void writeCrc(byte[] b, int start, int dataLength) {
        CRC32 crc = new CRC32();
        crc.update(b, start + 4, 4 + dataLength);
        Bin.put32be(b, start + 8 + dataLength, crc.getValue());
    }

    private static List<Chunk> stores(List<Chunk> chunks) {
        List<Chunk> stores = new ArrayList<>();
        for (Chunk c : chunks) {
            if (c.type().equals(CABX)) {
                stores.add(c);
            }
        }
        return stores;
    }

    private static int removed(List<Chunk> chunks) {
        int n = 0;
        for (Chunk c : chunks) {
            n += c.end() - c.start();
        }
        return n;
    }

    private static int copyExcept(byte[] src, int from, int to, List<Chunk> removed, byte[] dst, int at) {
        int pos = from;
        for (Chunk c : removed) {
            if (c.end() <= pos || c.start() >= to) {
                continue;
            }
            System.arraycopy(src, pos, dst, at, c.start() - pos);
            at += c.start() - pos;
            pos = c.end();
        }
        System.arraycopy(src, pos, dst, at, to - pos);
        return at + to - pos;
    }

    /** The chunks from IHDR (which must come first) to IEND; bytes after IEND are left alone. */
    private static List<Chunk> chunks(byte[] b) throws AssetException {
        if (!Bin.equalsBytes(b, 0, SIGNATURE)) {
            throw Bin.corrupt("not a PNG: no PNG signature at offset 0");
        }
        List<Chunk> chunks = new ArrayList<>();
        int pos = 8;
        while (true) {
            if (pos + 12 > b.length) {
                throw Bin.corrupt("PNG ends at offset %d inside a chunk header, before IEND (truncated)", b.length);
            }
            long length = Bin.u32be(b, pos);
            String type = Bin.ascii(b, pos + 4, 4);
            if (length > 0x7FFFFFFFL || pos + 12 + length > b.length) {
                throw Bin.corrupt("PNG chunk '%s' at offset %d declares %d bytes of data, past the end of the file (%d bytes)",
                        type, pos, length, b.length);
            }
            if (chunks.isEmpty() && !type.equals("IHDR")) {
                throw Bin.corrupt("PNG: the first chunk at offset %d is '%s', not IHDR", pos, type);
            }
            Chunk c = new Chunk(type, pos, (int) length);
            chunks.add(c);
            pos = c.end();
            if (type.equals("IEND")) {
                return chunks;
            }
        }
    }
}

package io.safetyplane.c2pa.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JPEG: the store in JPEG XT APP11 marker segments (ISO/IEC 19566-5 JUMBF), as c2pa-rs {@code jpeg_io.rs} writes
 * them: {@code FFEB Lp CI='JP' En=0x0211 Z=1,2,… [LBox TBox of the store, repeated from the second segment on]
 * next 64000 bytes of the store}, contiguous, after the last APP0 (or right after SOI), or where a previous store
 * was. The hash exclusion is the whole run of segments, markers and lengths included.
 */
public final class JpegHandler implements AssetHandler {
    /** Bytes of the store per APP11 segment, as c2pa-rs ({@code MAX_JPEG_MARKER_SIZE}). */
    static final int CHUNK = 64000;
    private static final int APP0 = 0xE0;
    private static final int APP11 = 0xEB;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    /** The box instance number c2pa-rs writes in En. */
    private static final int BOX_INSTANCE = 0x0211;

    /** One marker segment: the marker, its {@code FF} at {@code start}, and its end (entropy-coded data included for SOS). */
    private record Segment(int marker, int start, int end) {
        int contentStart() {
            return start + 4;
        }

        int contentLength() {
            return end - start - 4;
        }
    }

    @Override
    public AssetFormat format() {
        return AssetFormat.JPEG;
    }

    @Override
    public boolean accepts(byte[] asset) {
        return asset != null && asset.length >= 3 && (asset[0] & 0xff) == 0xFF && (asset[1] & 0xff) == 0xD8
                && (asset[2] & 0xff) == 0xFF;
    }

    @Override
    public Optional<byte[]> readStore(byte[] asset) throws AssetException {
        List<Segment> segments = segments(asset);
        // c2pa-rs read_cai: a segment starts the store when its JUMBF description type starts with 'c2pa';
        // the next segments with the same En and a higher Z continue it, each without its repeated LBox/TBox.
        int caiEn = -1;
        int count = 0;
        int stores = 0;
        int total = 0;
        List<int[]> parts = new ArrayList<>();
        for (Segment s : segments) {
            if (s.marker() != APP11 || s.contentLength() <= 16) {
                continue;
            }
            int c = s.contentStart();
            int en = Bin.u16be(asset, c + 2);
            long z = Bin.u32be(asset, c + 4);
            if (count > 0 && en == caiEn) {
                if (z <= count) {
                    caiEn = -1; // not a continuation in sequence: c2pa-rs drops the rest of this box instance
                    continue;
                }
                parts.add(new int[] {c + 16, s.contentLength() - 16});
                total += s.contentLength() - 16;
                count++;
            } else if (s.contentLength() > 28 && Bin.equalsAscii(asset, c + 24, "c2pa")) {
                if (stores == 1) {
                    throw Bin.corrupt("JPEG has a second C2PA manifest store in the APP11 segment at offset %d", s.start());
                }
                parts.add(new int[] {c + 8, s.contentLength() - 8});
                total += s.contentLength() - 8;
                count = 1;
                caiEn = en;
                stores++;
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        byte[] store = new byte[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(asset, p[0], store, at, p[1]);
            at += p[1];
        }
        return Optional.of(store);
    }

    @Override
    public byte[] removeStore(byte[] asset) throws AssetException {
        List<Segment> segments = segments(asset);
        List<Segment> c2pa = c2paSegments(segments, asset);
        if (c2pa.isEmpty()) {
            return asset.clone();
        }
        byte[] out = new byte[asset.length - removedBytes(c2pa)];
        copyExcept(asset, 0, asset.length, c2pa, out, 0);
        return out;
    }

    @Override
    public Embedding embed(byte[] asset, byte[] store) throws AssetException {
        Bin.checkStore(store);
        List<Segment> segments = segments(asset);
        List<Segment> c2pa = c2paSegments(segments, asset);
        int insertAt;
        if (!c2pa.isEmpty() && segments.indexOf(c2pa.get(0)) > 0) {
            insertAt = c2pa.get(0).start(); // where the previous store was
        } else {
            insertAt = 2; // right after SOI, unless there is an APP0 (JFIF): then after the last one
            for (Segment s : segments) {
                if (s.marker() == APP0 && !c2pa.contains(s)) {
                    insertAt = s.end();
                }
            }
        }
        int segmentCount = (store.length + CHUNK - 1) / CHUNK;
        long inserted = 0;
        for (int k = 0; k < segmentCount; k++) {
            inserted += 12 + (k > 0 ? 8 : 0) + Math.min(CHUNK, store.length - k * CHUNK);
        }
        long size = (long) asset.length - removedBytes(c2pa) + inserted;
        if (size > Integer.MAX_VALUE - 8) {
            throw Bin.unsupported("JPEG with the store would be %d bytes, more than this handler writes", size);
        }
        byte[] out = new byte[(int) size];
        int at = copyExcept(asset, 0, insertAt, c2pa, out, 0);
        int exclusionStart = at;
        int[] fileOffsets = new int[2 * segmentCount - 1];
        int[] storeOffsets = new int[fileOffsets.length];
        int[] lengths = new int[fileOffsets.length];
        int piece = 0;
        for (int k = 0; k < segmentCount; k++) {
            int chunk = Math.min(CHUNK, store.length - k * CHUNK);
            int lp = 2 + 8 + (k > 0 ? 8 : 0) + chunk;
            out[at] = (byte) 0xFF;
            out[at + 1] = (byte) APP11;
            Bin.put16be(out, at + 2, lp);
            out[at + 4] = 'J';
            out[at + 5] = 'P';
            Bin.put16be(out, at + 6, BOX_INSTANCE);
            Bin.put32be(out, at + 8, k + 1);
            at += 12;
            if (k > 0) {
                System.arraycopy(store, 0, out, at, 8);
                fileOffsets[piece] = at;
                storeOffsets[piece] = 0;
                lengths[piece++] = 8;
                at += 8;
            }
            System.arraycopy(store, k * CHUNK, out, at, chunk);
            fileOffsets[piece] = at;
            storeOffsets[piece] = k * CHUNK;
            lengths[piece++] = chunk;
            at += chunk;
        }
        int exclusionLength = at - exclusionStart;
        copyExcept(asset, insertAt, asset.length, c2pa, out, at);
        return new StoreEmbedding(out, List.of(new Exclusion(exclusionStart, exclusionLength)), store.length,
                fileOffsets, storeOffsets, lengths, null);
    }

    /** The APP11 segments c2pa-rs removes before writing a store ({@code get_cai_segments}). */
    private static List<Segment> c2paSegments(List<Segment> segments, byte[] asset) {
        List<Segment> found = new ArrayList<>();
        int caiEn = -1;
        int count = 0;
        for (Segment s : segments) {
            if (s.marker() != APP11 || s.contentLength() <= 16) {
                continue;
            }
            int c = s.contentStart();
            int en = Bin.u16be(asset, c + 2);
            if (count > 0 && en == caiEn) {
                found.add(s);
                count++;
            } else if (s.contentLength() >= 28 && Bin.equalsAscii(asset, c + 24, "c2pa")) {
                found.add(s);
                count = 1;
                caiEn = en;
            }
        }
        return found;
    }

    private static int removedBytes(List<Segment> removed) {
        int n = 0;
        for (Segment s : removed) {
            n += s.end() - s.start();
        }
        return n;
    }

    /** Copies {@code src[from, to)} without the {@code removed} segments (in file order) to {@code dst}; returns the new end. */
    private static int copyExcept(byte[] src, int from, int to, List<Segment> removed, byte[] dst, int at) {
        int pos = from;
        for (Segment s : removed) {
            if (s.end() <= pos || s.start() >= to) {
                continue;
            }
            int len = s.start() - pos;
            System.arraycopy(src, pos, dst, at, len);
            at += len;
            pos = s.end();
        }
        System.arraycopy(src, pos, dst, at, to - pos);
        return at + to - pos;
    }

    /** The marker segments after SOI up to and including EOI; bytes after EOI are left alone. */
    private static List<Segment> segments(byte[] b) throws AssetException {
        if (b.length < 2 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            throw Bin.corrupt("not a JPEG: no SOI marker (FFD8) at offset 0");
        }
        List<Segment> segments = new ArrayList<>();
        int n = b.length;
        int pos = 2;
        while (true) {
            if (pos >= n) {
                throw Bin.corrupt("JPEG ends at offset %d without an EOI marker (truncated)", n);
            }
            if ((b[pos] & 0xff) != 0xFF) {
                throw Bin.corrupt("JPEG: expected a marker at offset %d, found 0x%02X", pos, b[pos] & 0xff);
            }
            while (pos + 1 < n && (b[pos + 1] & 0xff) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos + 2 > n) {
                throw Bin.corrupt("JPEG ends inside the marker at offset %d (truncated)", pos);
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == EOI) {
                segments.add(new Segment(marker, pos, pos + 2));
                return segments;
            }
            if (marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
                segments.add(new Segment(marker, pos, pos + 2)); // stand-alone markers: no length
                pos += 2;
                continue;
            }
            if (marker == 0x00) {
                throw Bin.corrupt("JPEG: invalid marker FF00 at offset %d", pos);
            }
            if (pos + 4 > n) {
                throw Bin.corrupt("JPEG ends inside the length of marker FF%02X at offset %d (truncated)", marker, pos);
            }
            int lp = Bin.u16be(b, pos + 2);
            if (lp < 2) {
                throw Bin.corrupt("JPEG: marker segment FF%02X at offset %d declares length %d (< 2)", marker, pos, lp);
            }
            int end = pos + 2 + lp;
            if (end > n) {
                throw Bin.corrupt("JPEG: marker segment FF%02X at offset %d declares length %d, past the end of the file (%d bytes)",
                        marker, pos, lp, n);
            }
            if (marker == SOS) {
                end = entropyEnd(b, end, pos);
            }
            segments.add(new Segment(marker, pos, end));
            pos = end;
        }
    }

    /** The offset of the first marker after the entropy-coded data starting at {@code from} (not FF00, RSTn or fill). */
    private static int entropyEnd(byte[] b, int from, int sos) throws AssetException {
        int n = b.length - 1;
        for (int i = from; i < n; i++) {
            if (b[i] == (byte) 0xFF) {
                int next = b[i + 1] & 0xff;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
        }
        throw Bin.corrupt("JPEG: the entropy-coded data of the SOS segment at offset %d runs to the end of the file without a marker (truncated)", sos);
    }
}

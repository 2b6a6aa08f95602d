package io.safetyplane.c2pa.asset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MP3: the store as the object of an ID3v2 {@code GEOB} frame (c2pa-rs {@code mp3_io.rs}, {@code id3_helper.rs}):
 * text encoding 3, MIME {@code application/c2pa}, file name {@code c2pa}, description {@code c2pa manifest store}.
 * Writing always produces an ID3v2.4 tag without padding, other frames first, the GEOB frame last, then the audio
 * as it was. The hash exclusion is only the store's bytes inside the frame.
 *
 * <p>Existing frames are carried over byte for byte (ID3v2.3 frames with v2.4 headers; unsynchronisation undone)
 * where c2pa-rs decodes and re-encodes them with the {@code id3} crate; ID3v2.2 tags with other frames, and
 * ID3v2.3 frames that are compressed, encrypted or grouped, are refused as UNSUPPORTED.
 */
public final class Mp3Handler implements AssetHandler {
    static final String MIME = "application/c2pa";
    static final String MIME_DEPRECATED = "application/x-c2pa-manifest-store";
    private static final byte[] GEOB_PREAMBLE = ("\u0003" + MIME + "\0c2pa\0c2pa manifest store\0").getBytes(StandardCharsets.ISO_8859_1);

    /** One frame: its id, flags (0 for v2.2), body as stored (after tag-level unsynchronisation is undone), where it is. */
    private record Frame(String id, int flags, byte[] body, String offset) {
    }

    /** An ID3v2 tag at the start of the file: its major version, where the audio starts, and its frames. */
    private record Tag(int major, int end, List<Frame> frames) {
    }

    @Override
    public AssetFormat format() {
        return AssetFormat.MP3;
    }

    @Override
    public boolean accepts(byte[] asset) {
        return asset != null && (Bin.equalsAscii(asset, 0, "ID3") || isFrameSync(asset, 0));
    }

    /** An MPEG audio frame header: 11 sync bits, a layer, a bit rate index other than 15 and a valid sample rate. */
    static boolean isFrameSync(byte[] b, int off) {
        if (off + 3 > b.length || (b[off] & 0xff) != 0xFF || (b[off + 1] & 0xE0) != 0xE0) {
            return false;
        }
        int layer = (b[off + 1] >> 1) & 3;
        int bitrate = (b[off + 2] >> 4) & 0xF;
        int rate = (b[off + 2] >> 2) & 3;
        return layer != 0 && bitrate != 0xF && rate != 3;
    }

    @Override
    public Optional<byte[]> readStore(byte[] asset) throws AssetException {
        Tag tag = tag(asset);
        if (tag == null) {
            return Optional.empty();
        }
        byte[] store = null;
        for (Frame f : tag.frames()) {
            byte[] data = c2paObject(f, tag.major());
            if (data != null) {
                if (store != null) {
                    throw Bin.corrupt("MP3: a second C2PA GEOB frame in the ID3 tag, at offset %s", f.offset());
                }
                store = data;
            }
        }
        return Optional.ofNullable(store);
    }

    @Override
    public byte[] removeStore(byte[] asset) throws AssetException {
        Tag tag = tag(asset);
        if (tag == null) {
            return asset.clone();
        }
        List<Frame> kept = new ArrayList<>();
        boolean found = false;
        for (Frame f : tag.frames()) {
            if (c2paObject(f, tag.major()) != null) {
                found = true;
            } else {
                kept.add(f);
            }
        }
        if (!found) {
            return asset.clone();
        }
        if (kept.isEmpty()) {
            return Arrays.copyOfRange(asset, tag.end(), asset.length);
        }
        return write(asset, tag, kept, null).bytes();
    }

    @Override
    public Embedding embed(byte[] asset, byte[] store) throws AssetException {
        Bin.checkStore(store);
        Tag tag = tag(asset);
        List<Frame> kept = new ArrayList<>();
        if (tag != null) {
            for (Frame f : tag.frames()) {
                if (c2paObject(f, tag.major()) == null) {
                    kept.add(f);
                }
            }
        }
        return write(asset, tag, kept, store);
    }

    private static StoreEmbedding write(byte[] asset, Tag tag, List<Frame> kept, byte[] store) throws AssetException {
        int major = tag == null ? 4 : tag.major();
        if (major == 2 && !kept.isEmpty()) {
            throw Bin.unsupported("MP3: the ID3v2.2 tag has frames that cannot be carried over into an ID3v2.4 tag");
        }
        List<byte[]> bodies = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        long tagSize = 0;
        for (Frame f : kept) {
            int fl = f.flags();
            byte[] body = f.body();
            if (major == 3) {
                if ((fl & 0xE0) != 0) {
                    throw Bin.unsupported("MP3: ID3v2.3 frame '%s' is compressed, encrypted or grouped; not carried over", f.id());
                }
                // v2.3 status flags a, b, c (0x8000, 0x4000, 0x2000) are v2.4's 0x4000, 0x2000, 0x1000
                fl = ((fl & 0xE000) >> 1);
            } else if ((fl & 0x02) != 0) {
                body = deUnsynchronise(body, 0, body.length);
                fl &= ~0x02;
            }
            bodies.add(body);
            flags.add(fl);
            tagSize += 10 + body.length;
        }
        if (store != null) {
            tagSize += 10 + GEOB_PREAMBLE.length + store.length;
        }
        if (tagSize >= (1 << 28)) {
            throw Bin.unsupported("MP3: an ID3 tag of %d bytes is larger than ID3v2 allows", tagSize);
        }
        int audio = tag == null ? 0 : tag.end();
        long size = 10 + tagSize + asset.length - audio;
        if (size > Integer.MAX_VALUE - 8) {
            throw Bin.unsupported("MP3 with the store would be %d bytes, more than this handler writes", size);
        }
        byte[] out = new byte[(int) size];
        out[0] = 'I';
        out[1] = 'D';
        out[2] = '3';
        out[3] = 4;
        putSyncsafe(out, 6, (int) tagSize);
        int at = 10;
        for (int i = 0; i < kept.size(); i++) {
            byte[] body = bodies.get(i);
            writeFrameHeader(out, at, kept.get(i).id(), body.length, flags.get(i));
            System.arraycopy(body, 0, out, at + 10, body.length);
            at += 10 + body.length;
        }
        int storeAt = at;
        if (store != null) {
            writeFrameHeader(out, at, "GEOB", GEOB_PREAMBLE.length + store.length, 0);
            System.arraycopy(GEOB_PREAMBLE, 0, out, at + 10, GEOB_PREAMBLE.length);
            storeAt = at + 10 + GEOB_PREAMBLE.length;
            System.arraycopy(store, 0, out, storeAt, store.length);
            at = storeAt + store.length;
        }
        System.arraycopy(asset, audio, out, at, asset.length - audio);
        if (store == null) {
            return StoreEmbedding.contiguous(out, List.of(), storeAt, 0, null);
        }
        return StoreEmbedding.contiguous(out, List.of(new Exclusion(storeAt, store.length)), storeAt, store.length, null);
    }

    private static void writeFrameHeader(byte[] out, int at, String id, int size, int flags) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) id.charAt(i);
        }
        putSyncsafe(out, at + 4, size);
        Bin.put16be(out, at + 8, flags);
    }

    private static void putSyncsafe(byte[] b, int off, int v) {
        b[off] = (byte) ((v >>> 21) & 0x7F);
        b[off + 1] = (byte) ((v >>> 14) & 0x7F);
        b[off + 2] = (byte) ((v >>> 7) & 0x7F);
        b[off + 3] = (byte) (v & 0x7F);
    }

    private static int syncsafe(byte[] b, int off, String what, int where) throws AssetException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int x = b[off + i] & 0xff;
            if (x >= 0x80) {
                throw Bin.corrupt("MP3: the %s at offset %d is not a synchsafe integer", what, where);
            }
            v = (v << 7) | x;
        }
        return v;
    }

    /** The object of a C2PA GEOB frame ({@code GEO} in v2.2), or null if {@code f} is not one. */
    private static byte[] c2paObject(Frame f, int major) throws AssetException {
        if (!f.id().equals(major == 2 ? "GEO" : "GEOB")) {
            return null;
        }
        byte[] d = f.body();
        int start = 0;
        int end = d.length;
        int fl = f.flags();
        if (major == 3) {
            if ((fl & 0xC0) != 0) {
                return null; // compressed or encrypted: not a C2PA store as written by anyone
            }
            if ((fl & 0x20) != 0) {
                start += 1; // group id
            }
        } else if (major == 4) {
            if ((fl & 0x0C) != 0) {
                return null;
            }
            if ((fl & 0x02) != 0) {
                d = deUnsynchronise(d, 0, d.length);
                end = d.length;
            }
            if ((fl & 0x40) != 0) {
                start += 1; // group id
            }
            if ((fl & 0x01) != 0) {
                start += 4; // data length indicator
            }
        }
        if (start >= end) {
            return null;
        }
        int encoding = d[start] & 0xff;
        int mimeEnd = indexOfZero(d, start + 1, end, 1);
        if (mimeEnd < 0) {
            return null;
        }
        String mime = Bin.ascii(d, start + 1, mimeEnd - start - 1);
        if (!mime.equals(MIME) && !mime.equals(MIME_DEPRECATED)) {
            return null;
        }
        int width = encoding == 1 || encoding == 2 ? 2 : 1;
        int nameEnd = indexOfZero(d, mimeEnd + 1, end, width);
        int descriptionEnd = nameEnd < 0 ? -1 : indexOfZero(d, nameEnd + width, end, width);
        if (descriptionEnd < 0) {
            throw Bin.corrupt("MP3: the C2PA GEOB frame at offset %s has no terminated file name and description", f.offset());
        }
        return Arrays.copyOfRange(d, descriptionEnd + width, end);
    }

    /** The index of the terminator ({@code width} zero bytes, aligned to {@code width} from {@code from}), or -1. */
    private static int indexOfZero(byte[] d, int from, int end, int width) {
        for (int i = from; i + width <= end; i += width) {
            if (d[i] == 0 && (width == 1 || d[i + 1] == 0)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] deUnsynchronise(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            out[n++] = b[i];
            if (b[i] == (byte) 0xFF && i + 1 < to && b[i + 1] == 0) {
                i++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The ID3v2 tag at offset 0, or null when the file starts with an MPEG audio frame. */
    private static Tag tag(byte[] b) throws AssetException {
        if (!Bin.equalsAscii(b, 0, "ID3")) {
            if (isFrameSync(b, 0)) {
                return null;
            }
            throw Bin.corrupt("not an MP3: neither an ID3v2 tag nor an MPEG audio frame at offset 0");
        }
        Bin.need(b, 0, 10, "ID3v2 header");
        int major = b[3] & 0xff;
        if (major < 2 || major > 4) {
            throw Bin.unsupported("MP3: ID3v2.%d tags are not supported", major);
        }
        int flags = b[5] & 0xff;
        int size = syncsafe(b, 6, "ID3 tag size", 6);
        long end = 10L + size + (major == 4 && (flags & 0x10) != 0 ? 10 : 0);
        if (end > b.length) {
            throw Bin.corrupt("MP3: the ID3 tag at offset 0 declares %d bytes, past the end of the file (%d bytes)", end, b.length);
        }
        byte[] body;
        int base;
        if ((flags & 0x80) != 0 && major < 4) {
            body = deUnsynchronise(b, 10, 10 + size); // tag-wide unsynchronisation (v2.2, v2.3)
            base = 0;
        } else {
            body = b;
            base = 10;
        }
        int bodyEnd = body == b ? 10 + size : body.length;
        String of = body == b ? "" : " of the de-unsynchronised tag";
        int pos = base;
        if ((flags & 0x40) != 0) {
            if (major == 2) {
                throw Bin.unsupported("MP3: compressed ID3v2.2 tags are not supported");
            }
            if (pos + 4 > bodyEnd) {
                throw Bin.corrupt("MP3: the ID3 extended header runs past the end of the tag");
            }
            long ext = major == 3 ? 4 + Bin.u32be(body, pos) : syncsafe(body, pos, "extended header size", pos);
            if (pos + ext > bodyEnd) {
                throw Bin.corrupt("MP3: the ID3 extended header declares %d bytes, past the end of the tag", ext);
            }
            pos += (int) ext;
        }
        int headerLength = major == 2 ? 6 : 10;
        List<Frame> frames = new ArrayList<>();
        while (pos + headerLength <= bodyEnd && body[pos] != 0) {
            String id = Bin.ascii(body, pos, major == 2 ? 3 : 4);
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                    throw Bin.corrupt("MP3: invalid ID3 frame id at offset %d%s", pos, of);
                }
            }
            long frameSize;
            int frameFlags;
            if (major == 2) {
                frameSize = Bin.u24be(body, pos + 3);
                frameFlags = 0;
            } else {
                frameSize = major == 3 ? Bin.u32be(body, pos + 4) : syncsafe(body, pos + 4, "frame size", pos + 4);
                frameFlags = Bin.u16be(body, pos + 8);
            }
            if (pos + headerLength + frameSize > bodyEnd) {
                throw Bin.corrupt("MP3: ID3 frame '%s' at offset %d%s declares %d bytes, past the end of the tag (%d)",
                        id, pos, of, frameSize, bodyEnd);
            }
            int dataStart = pos + headerLength;
            frames.add(new Frame(id, frameFlags, Arrays.copyOfRange(body, dataStart, dataStart + (int) frameSize), pos + of));
            pos = dataStart + (int) frameSize;
        }
        return new Tag(major, (int) end, frames);
    }
}

package io.safetyplane.c2pa.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Layouts the fixtures do not cover: multi-segment JPEG stores, odd RIFF sizes, existing ID3 frames, co64 and 64-bit boxes. */
class ContainerEdgeCaseTest {

    // ---------------------------------------------------------------- JPEG

    @Test
    void jpegSplitsLargeStoresInto64000ByteSegments() throws AssetException {
        byte[] plain = Fixtures.read("c2pa-rs/no_manifest.jpg");
        JpegHandler jpeg = new JpegHandler();
        assertTrue(jpeg.readStore(plain).isEmpty());
        byte[] store = Fixtures.fakeStore(150_001, 3);
        Embedding e = jpeg.embed(plain, store);
        byte[] out = e.bytes();
        assertArrayEquals(store, jpeg.readStore(out).orElseThrow());
        assertEquals(1, e.exclusions().size());
        Exclusion x = e.exclusions().get(0);
        int pos = (int) x.start();
        for (int z = 1; z <= 3; z++) {
            assertEquals(0xFF, out[pos] & 0xff);
            assertEquals(0xEB, out[pos + 1] & 0xff);
            int lp = ((out[pos + 2] & 0xff) << 8) | (out[pos + 3] & 0xff);
            assertTrue(lp <= 65535);
            assertEquals("JP", new String(out, pos + 4, 2, StandardCharsets.US_ASCII));
            assertEquals(0x0211, ((out[pos + 6] & 0xff) << 8) | (out[pos + 7] & 0xff));
            assertEquals(z, Fixtures.u32(out, pos + 8));
            assertArrayEquals(Arrays.copyOf(store, 8), Arrays.copyOfRange(out, pos + 12, pos + 20), "LBox/TBox in every segment");
            assertEquals(z < 3 ? 2 + 8 + (z > 1 ? 8 : 0) + 64000 : 2 + 8 + 8 + 150_001 - 128_000, lp);
            pos += 2 + lp;
        }
        assertEquals(x.start() + x.length(), pos, "one exclusion covers the contiguous run");
        assertArrayEquals(plain, jpeg.removeStore(out));

        byte[] other = Fixtures.fakeStore(150_001, 4);
        e.patch(other);
        assertArrayEquals(other, jpeg.readStore(out).orElseThrow());
    }

    @Test
    void jpegWithoutApp0GetsTheStoreRightAfterSoi() throws AssetException {
        // SOI, DQT-like APP1, SOS with entropy data containing FF00 and RST0, EOI, trailing bytes
        byte[] jpeg = bytes(0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 'x', 'y', 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34,
                0xFF, 0xD0, 0x56, 0xFF, 0xD9, 0x01, 0x02);
        JpegHandler h = new JpegHandler();
        byte[] store = Fixtures.fakeStore(100, 5);
        Embedding e = h.embed(jpeg, store);
        assertEquals(List.of(new Exclusion(2, 2 + 2 + 8 + 100)), e.exclusions());
        assertArrayEquals(store, h.readStore(e.bytes()).orElseThrow());
        assertArrayEquals(jpeg, h.removeStore(e.bytes()));
    }

    @Test
    void jpegIgnoresOtherJumbfAndApp11() throws AssetException {
        byte[] plain = Fixtures.read("c2pa-rs/no_manifest.jpg");
        JpegHandler h = new JpegHandler();
        // an APP11 JUMBF box whose description type is not c2pa (another box instance: c2pa-rs would take a
        // same-En segment right after the store for a continuation)
        byte[] other = Fixtures.fakeStore(64, 6);
        other[16] = 'x';
        byte[] app11 = new byte[4 + 8 + other.length];
        app11[0] = (byte) 0xFF;
        app11[1] = (byte) 0xEB;
        app11[2] = (byte) ((app11.length - 2) >> 8);
        app11[3] = (byte) (app11.length - 2);
        app11[4] = 'J';
        app11[5] = 'P';
        app11[6] = 0x00;
        app11[7] = 0x01;
        app11[11] = 1;
        System.arraycopy(other, 0, app11, 12, other.length);
        byte[] withOther = concat(Arrays.copyOf(plain, 2), app11, Arrays.copyOfRange(plain, 2, plain.length));
        assertTrue(h.readStore(withOther).isEmpty());
        byte[] store = Fixtures.fakeStore(500, 7);
        byte[] signed = h.embed(withOther, store).bytes();
        assertArrayEquals(store, h.readStore(signed).orElseThrow());
        assertArrayEquals(withOther, h.removeStore(signed));
    }

    @Test
    void jpegWithTwoStoresIsCorrupt() throws AssetException {
        byte[] signed = Fixtures.read("generated/ai-image.signed.jpg");
        int end = 20 + 11685;
        byte[] second = Arrays.copyOfRange(signed, 20, end);
        second[7] = 0x12; // another box instance (En 0x0212)
        byte[] twice = concat(Arrays.copyOf(signed, end), second, Arrays.copyOfRange(signed, end, signed.length));
        AssetException e = assertThrows(AssetException.class, () -> new JpegHandler().readStore(twice));
        assertEquals(AssetException.Kind.CORRUPT, e.kind());
    }

    // ---------------------------------------------------------------- PNG

    @Test
    void pngChunkCrcIsRightAfterEmbedAndPatch() throws AssetException {
        byte[] plain = new PngHandler().removeStore(Fixtures.read("generated/ai-image.signed.png"));
        Embedding e = new PngHandler().embed(plain, Fixtures.fakeStore(1001, 8));
        assertCrc(e.bytes(), 33, 1001);
        e.patch(Fixtures.fakeStore(1001, 9));
        assertCrc(e.bytes(), 33, 1001);
        assertEquals(List.of(new Exclusion(33, 1013)), e.exclusions());
    }

    private static void assertCrc(byte[] png, int chunk, int length) {
        CRC32 crc = new CRC32();
        crc.update(png, chunk + 4, 4 + length);
        assertEquals(crc.getValue(), Fixtures.u32(png, chunk + 8 + length));
    }

    // ---------------------------------------------------------------- RIFF

    @Test
    void riffOddStoreGetsAPadByteOutsideTheExclusion() throws AssetException {
        RiffHandler wav = new RiffHandler(AssetFormat.WAV);
        byte[] plain = wav.removeStore(Fixtures.read("generated/ai-audio.signed.wav"));
        Embedding e = wav.embed(plain, Fixtures.fakeStore(1001, 10));
        byte[] out = e.bytes();
        assertEquals(plain.length + 8 + 1001 + 1, out.length);
        assertEquals(out.length - 8, Bin.u32le(out, 4), "RIFF size counts the pad byte");
        assertEquals(List.of(new Exclusion(plain.length, 8 + 1001)), e.exclusions());
        assertEquals(0, out[out.length - 1]);
        assertArrayEquals(plain, wav.removeStore(out));
    }

    @Test
    void riffWithoutTheLastPadByteIsRepaired() throws AssetException {
        // RIFF size leaves out the pad byte of an odd 'data' chunk
        byte[] wav = bytes('R', 'I', 'F', 'F', 4 + 8 + 3, 0, 0, 0, 'W', 'A', 'V', 'E', 'd', 'a', 't', 'a', 3, 0, 0, 0, 1, 2, 3);
        RiffHandler h = new RiffHandler(AssetFormat.WAV);
        byte[] store = Fixtures.fakeStore(48, 11);
        Embedding e = h.embed(wav, store);
        assertEquals(List.of(new Exclusion(24, 56)), e.exclusions());
        assertEquals(0, e.bytes()[23]);
        assertArrayEquals(store, h.readStore(e.bytes()).orElseThrow());
        assertEquals(e.bytes().length - 8, Bin.u32le(e.bytes(), 4));
    }

    @Test
    void webpKeepsVp8xUntouched() throws AssetException {
        // a VP8X file: c2pa-rs changes VP8X only for XMP
        byte[] webp = bytes('R', 'I', 'F', 'F', 4 + 18 + 12, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0,
                0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0, 'V', 'P', '8', 'L', 4, 0, 0, 0, 0x2f, 0, 0, 0);
        RiffHandler h = new RiffHandler(AssetFormat.WEBP);
        Embedding e = h.embed(webp, Fixtures.fakeStore(64, 12));
        assertArrayEquals(Arrays.copyOfRange(webp, 8, webp.length), Arrays.copyOfRange(e.bytes(), 8, webp.length));
        assertArrayEquals(webp, h.removeStore(e.bytes()));
    }

    // ---------------------------------------------------------------- MP3

    @Test
    void mp3CarriesExistingId3v23FramesIntoAnId3v24Tag() throws AssetException {
        byte[] audio = Arrays.copyOfRange(Fixtures.read("generated/ai-audio.signed.mp3"), 11736, 11736 + 2000);
        byte[] tit2 = frame23("TIT2", bytes(0, 'H', 'i'));
        byte[] tag = concat(bytes('I', 'D', '3', 3, 0, 0, 0, 0, 0, tit2.length + 20), tit2, new byte[20]);
        byte[] mp3 = concat(tag, audio);
        Mp3Handler h = new Mp3Handler();
        assertTrue(h.readStore(mp3).isEmpty());
        byte[] store = Fixtures.fakeStore(300, 13);
        Embedding e = h.embed(mp3, store);
        byte[] out = e.bytes();
        assertEquals(4, out[3]);
        assertEquals("TIT2", new String(out, 10, 4, StandardCharsets.US_ASCII));
        assertEquals("GEOB", new String(out, 10 + tit2.length, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of(new Exclusion(10 + tit2.length + 10 + 43, 300)), e.exclusions());
        assertArrayEquals(store, h.readStore(out).orElseThrow());
        assertArrayEquals(audio, Arrays.copyOfRange(out, out.length - audio.length, out.length));
        byte[] removed = h.removeStore(out);
        assertEquals("TIT2", new String(removed, 10, 4, StandardCharsets.US_ASCII));
        assertTrue(h.readStore(removed).isEmpty());
        assertEquals(10 + tit2.length + audio.length, removed.length);
    }

    @Test
    void mp3ReadsTheDeprecatedMimeType() throws AssetException {
        byte[] store = Fixtures.fakeStore(50, 14);
        byte[] body = concat(bytes(0), "application/x-c2pa-manifest-store\0c2pa\0d\0".getBytes(StandardCharsets.ISO_8859_1), store);
        byte[] frame = concat(bytes('G', 'E', 'O', 'B', 0, 0, body.length >> 7, body.length & 0x7f, 0, 0), body);
        byte[] mp3 = concat(bytes('I', 'D', '3', 4, 0, 0, 0, 0, frame.length >> 7, frame.length & 0x7f), frame, bytes(0xFF, 0xFB, 0x50, 0));
        assertArrayEquals(store, new Mp3Handler().readStore(mp3).orElseThrow());
    }

    private static byte[] frame23(String id, byte[] body) {
        byte[] h = id.getBytes(StandardCharsets.US_ASCII);
        return concat(h, bytes(0, 0, 0, body.length, 0, 0), body);
    }

    // ---------------------------------------------------------------- MP4

    @Test
    void mp4ChunkOffsetsStillPointAtTheSameSamples() throws AssetException {
        Mp4Handler h = new Mp4Handler();
        byte[] plain = h.removeStore(Fixtures.read("generated/ai-video.signed.mp4"));
        List<long[]> before = chunkOffsets(plain);
        assertEquals(12, before.size());
        Embedding e = h.embed(plain, Fixtures.fakeStore(5000, 15));
        List<long[]> after = chunkOffsets(e.bytes());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i)[0] + Mp4Handler.BOX_HEADER + 5000, after.get(i)[0]);
            int a = (int) before.get(i)[0];
            int b = (int) after.get(i)[0];
            assertArrayEquals(Arrays.copyOfRange(plain, a, a + 64), Arrays.copyOfRange(e.bytes(), b, b + 64));
        }
        // a bigger store replaces the old one in place and shifts again
        byte[] bigger = h.embed(e.bytes(), Fixtures.fakeStore(7000, 16)).bytes();
        List<long[]> again = chunkOffsets(bigger);
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i)[0] + Mp4Handler.BOX_HEADER + 7000, again.get(i)[0]);
        }
        assertArrayEquals(plain, h.removeStore(bigger));
    }

    @Test
    void mp4Co64AndLargeSizeBoxes() throws AssetException {
        byte[] samples = "sample-one......sample-two......".getBytes(StandardCharsets.US_ASCII);
        byte[] ftyp = box("ftyp", "isom\0\0\0\0isom".getBytes(StandardCharsets.US_ASCII));
        // mdat with a 64-bit size (size field 1) right after moov; co64 entries point into it
        int moovSize = 8 + 8 + 8 + 8 + 8 + (8 + 4 + 4 + 16);
        long mdatData = ftyp.length + moovSize + 16;
        byte[] co64 = box("co64", concat(bytes(0, 0, 0, 0, 0, 0, 0, 2), long64(mdatData), long64(mdatData + 16)));
        byte[] moov = box("moov", box("trak", box("mdia", box("minf", box("stbl", co64)))));
        assertEquals(moovSize, moov.length);
        byte[] mdat = concat(bytes(0, 0, 0, 1, 'm', 'd', 'a', 't'), long64(16 + samples.length), samples);
        byte[] mp4 = concat(ftyp, moov, mdat);
        Mp4Handler h = new Mp4Handler();
        Embedding e = h.embed(mp4, Fixtures.fakeStore(100, 17));
        byte[] out = e.bytes();
        int co64At = ftyp.length + Mp4Handler.BOX_HEADER + 100 + 8 * 5;
        assertEquals("co64", new String(out, co64At + 4, 4, StandardCharsets.US_ASCII));
        long first = Bin.u64be(out, co64At + 16);
        long second = Bin.u64be(out, co64At + 24);
        assertEquals("sample-one", new String(out, (int) first, 10, StandardCharsets.US_ASCII));
        assertEquals("sample-two", new String(out, (int) second, 10, StandardCharsets.US_ASCII));
        assertArrayEquals(mp4, h.removeStore(out));
        // the BMFF hash covers the file and ignores the store
        byte[] hash = BmffHash.hash(out, BmffHash.defaultExclusions(), "sha256", 3);
        e.patch(Fixtures.fakeStore(100, 18));
        assertArrayEquals(hash, BmffHash.hash(out, BmffHash.defaultExclusions(), "sha256", 3));

        // an mdat whose size is 0 runs to the end of the file
        byte[] toEnd = concat(ftyp, moov, bytes(0, 0, 0, 0, 'm', 'd', 'a', 't'), new byte[8], samples);
        byte[] signed = h.embed(toEnd, Fixtures.fakeStore(64, 19)).bytes();
        assertEquals("sample-one", new String(signed, (int) Bin.u64be(signed, co64At - 36 + 16), 10, StandardCharsets.US_ASCII));
    }

    @Test
    void mp4RefusesFragmentedFiles() {
        byte[] mp4 = concat(box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.US_ASCII)), box("moov", new byte[0]),
                box("moof", new byte[0]), box("mdat", new byte[4]));
        AssetException e = assertThrows(AssetException.class, () -> new Mp4Handler().embed(mp4, Fixtures.fakeStore(64, 20)));
        assertEquals(AssetException.Kind.UNSUPPORTED, e.kind());
        assertEquals(AssetException.Kind.UNSUPPORTED,
                assertThrows(AssetException.class, () -> BmffHash.hash(mp4, BmffHash.defaultExclusions(), "sha256", 3)).kind());
    }

    /** {offset} of every stco/co64 entry, in file order. */
    private static List<long[]> chunkOffsets(byte[] mp4) throws AssetException {
        List<long[]> out = new ArrayList<>();
        for (Bmff.Box b : Bmff.tree(mp4)) {
            if (b.type().equals("stco") || b.type().equals("co64")) {
                int count = (int) Bin.u32be(mp4, b.start() + 12);
                for (int i = 0; i < count; i++) {
                    out.add(new long[] {b.type().equals("stco") ? Bin.u32be(mp4, b.start() + 16 + 4 * i)
                        : Bin.u64be(mp4, b.start() + 16 + 8 * i)});
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static byte[] box(String type, byte[] payload) {
        byte[] b = new byte[8 + payload.length];
        Bin.put32be(b, 0, b.length);
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) type.charAt(i);
        }
        System.arraycopy(payload, 0, b, 8, payload.length);
        return b;
    }

    static byte[] long64(long v) {
        byte[] b = new byte[8];
        Bin.put64be(b, 0, v);
        return b;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

package io.safetyplane.c2pa.asset;

import static io.safetyplane.c2pa.asset.ContainerEdgeCaseTest.box;
import static io.safetyplane.c2pa.asset.ContainerEdgeCaseTest.bytes;
import static io.safetyplane.c2pa.asset.ContainerEdgeCaseTest.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input becomes an {@link AssetException} saying what and where, never a RuntimeException. */
class MalformedInputTest {
    private static final byte[] STORE = Fixtures.fakeStore(64, 99);

    private static AssetException corrupt(Executable call, String... fragments) {
        AssetException e = assertThrows(AssetException.class, call);
        assertEquals(AssetException.Kind.CORRUPT, e.kind(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        return e;
    }

    @Test
    void jpeg() {
        JpegHandler h = new JpegHandler();
        corrupt(() -> h.readStore(bytes(0x89, 'P', 'N', 'G')), "SOI");
        corrupt(() -> h.embed(bytes(0xFF, 0xD8), STORE), "EOI");
        // APP0 declaring 0x100 bytes in a 10-byte file
        corrupt(() -> h.readStore(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x01, 0x00, 'J', 'F', 'I', 'F')), "FFE0", "offset 2", "256");
        corrupt(() -> h.removeStore(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9)), "offset 2");
        corrupt(() -> h.readStore(bytes(0xFF, 0xD8, 0x12, 0x34)), "offset 2");
        // entropy-coded data without an end
        corrupt(() -> h.embed(bytes(0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0x00), STORE), "SOS", "offset 2");
    }

    @Test
    void png() {
        PngHandler h = new PngHandler();
        byte[] sig = PngHandler.SIGNATURE;
        corrupt(() -> h.readStore(bytes(0xFF, 0xD8, 0xFF)), "signature");
        corrupt(() -> h.embed(concat(sig, bytes(0, 0, 0, 0, 'I', 'D', 'A', 'T', 0, 0, 0, 0)), STORE), "IHDR", "offset 8");
        corrupt(() -> h.readStore(concat(sig, bytes(0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3, 4))), "IHDR", "offset 8", "13");
        corrupt(() -> h.readStore(concat(sig, bytes(0x7f, 0xff, 0xff, 0xff, 'I', 'H', 'D', 'R', 0, 0, 0, 0))), "offset 8");
        corrupt(() -> h.removeStore(concat(sig, bytes(0, 0, 0, 0, 'I', 'H', 'D', 'R', 0, 0, 0, 0))), "IEND");
    }

    @Test
    void riff() {
        RiffHandler wav = new RiffHandler(AssetFormat.WAV);
        corrupt(() -> wav.readStore(bytes('R', 'I', 'F', 'X', 4, 0, 0, 0, 'W', 'A', 'V', 'E')), "RIFF");
        corrupt(() -> wav.readStore(bytes('R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P')), "WAVE", "offset 8");
        corrupt(() -> wav.embed(bytes('R', 'I', 'F', 'F', 100, 0, 0, 0, 'W', 'A', 'V', 'E'), STORE), "offset 0", "100");
        corrupt(() -> wav.readStore(bytes('R', 'I', 'F', 'F', 12, 0, 0, 0, 'W', 'A', 'V', 'E', 'C', '2', 'P', 'A', 0xff, 0xff, 0xff, 0xff)),
                "C2PA", "offset 12");
        corrupt(() -> wav.removeStore(bytes('R', 'I', 'F', 'F', 8, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ')), "offset 12");
    }

    @Test
    void mp3() {
        Mp3Handler h = new Mp3Handler();
        corrupt(() -> h.readStore(bytes('X', 'X', 'X', 'X', 0, 0, 0, 0, 0, 0)), "offset 0");
        // the tag says 0x7f7f bytes; the file has 4 after the header
        corrupt(() -> h.embed(bytes('I', 'D', '3', 4, 0, 0, 0, 0, 0x7f, 0x7f, 0xFF, 0xFB, 0x50, 0), STORE), "ID3", "offset 0", "16393");
        corrupt(() -> h.readStore(bytes('I', 'D', '3', 4, 0, 0, 0, 0, 0x80, 0x00)), "synchsafe", "offset 6");
        corrupt(() -> h.readStore(bytes('I', 'D', '3')), "ID3v2 header", "offset 0");
        corrupt(() -> h.readStore(bytes('I', 'D', '3', 4)), "ID3v2 header", "offset 0");
        // a frame that claims more than the tag holds
        corrupt(() -> h.removeStore(bytes('I', 'D', '3', 4, 0, 0, 0, 0, 0, 12, 'T', 'I', 'T', '2', 0, 0, 1, 0, 0, 0, 0, 'x')),
                "TIT2", "offset 10", "128");
        assertEquals(AssetException.Kind.UNSUPPORTED,
                assertThrows(AssetException.class, () -> h.readStore(bytes('I', 'D', '3', 5, 0, 0, 0, 0, 0, 0))).kind());
    }

    @Test
    void mp4() {
        Mp4Handler h = new Mp4Handler();
        byte[] ftyp = box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        corrupt(() -> h.readStore(box("moov", new byte[0])), "ftyp", "offset 0");
        corrupt(() -> h.embed(concat(ftyp, box("mdat", new byte[4])), STORE), "moov");
        corrupt(() -> h.embed(concat(ftyp, bytes(0, 0, 1, 0, 'm', 'o', 'o', 'v')), STORE), "moov", "offset 16", "256");
        corrupt(() -> h.readStore(concat(ftyp, bytes(0, 0, 0, 4, 'f', 'r', 'e', 'e'))), "free", "offset 16", "smaller");
        corrupt(() -> h.readStore(concat(ftyp, bytes(0, 0, 0, 1, 'm', 'd', 'a', 't', 0, 0, 0, 0, 0, 0, 1, 0))), "mdat", "offset 16");
        corrupt(() -> h.readStore(concat(ftyp, bytes(0, 0, 0, 1, 'm', 'd', 'a', 't'))), "mdat", "offset 16");
        corrupt(() -> h.embed(concat(ftyp, bytes(0, 0)), STORE), "offset 16");
        // a child running past its parent
        corrupt(() -> h.embed(concat(ftyp, box("moov", bytes(0, 0, 0, 64, 't', 'r', 'a', 'k'))), STORE), "trak", "offset 24");
        corrupt(() -> BmffHash.hash(concat(ftyp, bytes(0, 0, 0, 9, 'f', 'r', 'e', 'e')), BmffHash.defaultExclusions(), "sha256", 2),
                "free", "offset 16");
    }

    @Test
    void patchWithAnotherLengthIsRefused() throws AssetException {
        Embedding e = new PngHandler().embed(new PngHandler().removeStore(Fixtures.read("generated/ai-image.signed.png")), STORE);
        assertThrows(IllegalArgumentException.class, () -> e.patch(new byte[STORE.length + 1]));
    }

    /** Every prefix at many cut points and many single-byte corruptions of every fixture: an AssetException or a result. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"generated/ai-image.signed.jpg", "generated/ai-image.signed.png", "generated/ai-image.signed.webp",
        "generated/ai-audio.signed.wav", "generated/ai-audio.signed.mp3", "generated/ai-video.signed.mp4", "c2pa-rs/video1.mp4"})
    void truncatedAndDamagedFilesNeverThrowRuntimeExceptions(String file) {
        byte[] asset = Fixtures.read(file);
        AssetHandler h = AssetHandlers.sniff(asset).orElseThrow();
        Random random = new Random(file.hashCode());
        for (int i = 0; i < 150; i++) {
            int cut = i < 100 ? (int) ((long) asset.length * i / 100) : random.nextInt(Math.min(asset.length, 20_000));
            survive(h, Arrays.copyOf(asset, cut), file + " cut at " + cut);
        }
        for (int i = 0; i < 300; i++) {
            byte[] damaged = asset.clone();
            // damage the structure-heavy start of the file most of the time
            int at = i % 3 == 0 ? random.nextInt(asset.length) : random.nextInt(Math.min(asset.length, 20_000));
            damaged[at] = (byte) (i % 2 == 0 ? random.nextInt(256) : 0xFF);
            survive(h, damaged, file + " byte " + at + " set to " + (damaged[at] & 0xff));
        }
    }

    private static void survive(AssetHandler h, byte[] asset, String what) {
        List<Executable> calls = List.of(() -> h.readStore(asset), () -> h.removeStore(asset), () -> h.embed(asset, STORE),
                () -> BmffHash.hash(asset, BmffHash.defaultExclusions(), "sha256", 3));
        for (Executable call : calls) {
            try {
                call.execute();
            } catch (AssetException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (Throwable t) {
                fail(what + ": " + t, t);
            }
        }
    }
}

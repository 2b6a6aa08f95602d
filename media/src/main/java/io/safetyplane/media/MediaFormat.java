package io.safetyplane.media;

import java.util.Optional;

/**
 * Container formats, recognised by their magic bytes only: the images {@link MediaDecoder} decodes, and MP4 (ISO BMFF),
 * which {@link VideoSampler} samples frames from ({@link #sniff} never answers MP4; {@link #isIsoBmff} recognises it).
 */
public enum MediaFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    BMP("image/bmp"),
    WEBP("image/webp"),
    /** Video: the frames {@link VideoSampler} samples carry this format. */
    MP4("video/mp4");

    private final String mimeType;

    MediaFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    /** The IANA media type, e.g. {@code image/jpeg}. */
    public String mimeType() {
        return mimeType;
    }

    /**
     * Identifies the format from the leading magic bytes: {@code FF D8 FF} (JPEG), the 8-byte PNG signature,
     * {@code GIF87a}/{@code GIF89a}, {@code BM} (BMP) and {@code RIFF....WEBP}. Never looks at file names.
     *
     * @return the format, or empty for anything else (text, PDF, TIFF, ...)
     */
    public static Optional<MediaFormat> sniff(byte[] b) {
        if (b == null) {
            return Optional.empty();
        }
        if (b.length >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (b.length >= 8 && u(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'
                && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return Optional.of(GIF);
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return Optional.of(BMP);
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /**
     * Whether the bytes start like an ISO base media file (MP4, MOV, 3GP): a first box {@code ftyp}, or {@code moov},
     * {@code mdat}, {@code free}, {@code skip} or {@code wide} (QuickTime files without {@code ftyp}), with a size that is
     * 0, 1 or at least 8. Says nothing about the tracks inside.
     */
    public static boolean isIsoBmff(byte[] b) {
        if (b == null || b.length < 8) {
            return false;
        }
        long size = (long) u(b, 0) << 24 | u(b, 1) << 16 | u(b, 2) << 8 | u(b, 3);
        if (size != 0 && size != 1 && size < 8) {
            return false;
        }
        String type = new String(b, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        return switch (type) {
            case "ftyp", "moov", "mdat", "free", "skip", "wide" -> true;
            default -> false;
        };
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}

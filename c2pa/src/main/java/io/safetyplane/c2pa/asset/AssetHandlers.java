package io.safetyplane.c2pa.asset;

import java.util.Optional;

/** The handler for each {@link AssetFormat}, and recognition of a format by its magic bytes. */
public final class AssetHandlers {
    private static final JpegHandler JPEG = new JpegHandler();
    private static final PngHandler PNG = new PngHandler();
    private static final RiffHandler WEBP = new RiffHandler(AssetFormat.WEBP);
    private static final RiffHandler WAV = new RiffHandler(AssetFormat.WAV);
    private static final Mp3Handler MP3 = new Mp3Handler();
    private static final Mp4Handler MP4 = new Mp4Handler();
    /** In sniffing order: the MPEG frame-sync check is the weakest, so it comes last. */
    private static final AssetHandler[] ALL = {JPEG, PNG, WEBP, WAV, MP4, MP3};

    private AssetHandlers() {
    }

    public static AssetHandler of(AssetFormat format) {
        return switch (format) {
            case JPEG -> JPEG;
            case PNG -> PNG;
            case WEBP -> WEBP;
            case WAV -> WAV;
            case MP3 -> MP3;
            case MP4 -> MP4;
        };
    }

    /** The handler whose magic bytes start {@code asset}: JPEG {@code FFD8FF}, the PNG signature, RIFF WEBP/WAVE, {@code ftyp} at 4, ID3 or an MPEG frame. */
    public static Optional<AssetHandler> sniff(byte[] asset) {
        if (asset == null) {
            return Optional.empty();
        }
        for (AssetHandler h : ALL) {
            if (h.accepts(asset)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}

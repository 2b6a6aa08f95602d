package io.safetyplane.c2pa.asset;

import java.util.Locale;
import java.util.Optional;

/** The containers the service signs and verifies, with their media types and hard binding. */
public enum AssetFormat {
    JPEG("image/jpeg", "jpg", false),
    PNG("image/png", "png", false),
    WEBP("image/webp", "webp", false),
    WAV("audio/wav", "wav", false),
    MP3("audio/mpeg", "mp3", false),
    MP4("video/mp4", "mp4", true);

    private final String mediaType;
    private final String extension;
    private final boolean bmff;

    AssetFormat(String mediaType, String extension, boolean bmff) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.bmff = bmff;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** True when the hard binding is {@code c2pa.hash.bmff.v3} rather than {@code c2pa.hash.data}. */
    public boolean bmff() {
        return bmff;
    }

    /** The format a media type names ({@code image/jpeg}, {@code audio/x-wav}, {@code video/quicktime} …), if any. */
    public static Optional<AssetFormat> ofMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String m = mediaType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return Optional.ofNullable(switch (m) {
            case "image/jpeg", "image/jpg" -> JPEG;
            case "image/png" -> PNG;
            case "image/webp" -> WEBP;
            case "audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave" -> WAV;
            case "audio/mpeg", "audio/mp3" -> MP3;
            case "video/mp4", "video/quicktime", "audio/mp4", "application/mp4" -> MP4;
            default -> null;
        });
    }
}

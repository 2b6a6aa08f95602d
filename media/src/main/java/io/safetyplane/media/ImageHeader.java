package io.safetyplane.media;

import java.util.Objects;

/**
 * Format and dimensions read from the container header only (no pixel data touched).
 *
 * @param format the sniffed format
 * @param width  declared width in pixels (for GIF: the first frame)
 * @param height declared height in pixels (for GIF: the first frame)
 */
public record ImageHeader(MediaFormat format, int width, int height) {
    public ImageHeader {
        Objects.requireNonNull(format, "format");
    }

    /** {@code width * height} as a long. */
    public long pixels() {
        return (long) width * height;
    }
}

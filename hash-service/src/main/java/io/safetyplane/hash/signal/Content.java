package io.safetyplane.hash.signal;

import io.safetyplane.media.MediaDecoder;

/**
 * A medium being hashed: its exact bytes, already checked against the limits and recognised as an
 * image by {@code decoder}, which signal types that need pixels use to decode it.
 */
public record Content(byte[] bytes, MediaDecoder decoder) {
}

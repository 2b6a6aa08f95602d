package io.safetyplane.hash.signal;

import io.safetyplane.media.DecodedImage;

/** A medium being hashed: its exact bytes, and its pixels as decoded once for every signal type. */
public record Content(byte[] bytes, DecodedImage image) {
}

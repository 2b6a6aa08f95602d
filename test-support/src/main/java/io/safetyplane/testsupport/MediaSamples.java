package io.safetyplane.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The unsigned media samples under {@code media-samples/} on the classpath (see its README): one file per signed format. */
public final class MediaSamples {
    private MediaSamples() {
    }

    /** The bytes of {@code media-samples/<name>}. */
    public static byte[] bytes(String name) {
        try (InputStream in = MediaSamples.class.getClassLoader().getResourceAsStream("media-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no media-samples/" + name + " on the classpath (test-support)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

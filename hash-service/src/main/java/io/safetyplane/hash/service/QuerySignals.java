package io.safetyplane.hash.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.signal.Content;
import io.safetyplane.hash.signal.InvalidHashException;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.hash.signal.SignalType;
import io.safetyplane.hash.signal.SignalTypes;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns media, or hashes a caller computed, into query signals. */
@ApplicationScoped
public class QuerySignals {
    private final SignalTypes types;
    private final MediaDecoder decoder;
    private final Timer hashing;
    private final Semaphore decodes;
    private final long decodeWaitMillis;

    public QuerySignals(SignalTypes types, HashServiceConfig config, MeterRegistry registry) {
        this.types = types;
        HashServiceConfig.Media m = config.media();
        this.decoder = new MediaDecoder(new MediaLimits(m.maxBytes(), m.maxPixels(), m.maxDecodeTime()));
        this.decodes = new Semaphore(m.maxConcurrentDecodes().orElse(Runtime.getRuntime().availableProcessors()), true);
        this.decodeWaitMillis = m.maxDecodeTime().toMillis();
        this.hashing = Timer.builder("hash_media_hashing_seconds").description("Decoding and hashing one medium")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /**
     * Every signal of an image. The bytes are checked against the limits and the header read before
     * any signal type sees them; a corrupt image body is found when the pixels are decoded.
     */
    public List<QuerySignal> compute(byte[] media) throws MediaRejectedException {
        decoder.probe(media);
        acquire();
        Timer.Sample sample = Timer.start();
        try {
            Content content = new Content(media, decoder);
            List<QuerySignal> signals = new ArrayList<>();
            for (SignalType t : types.all()) {
                t.compute(content).ifPresent(signals::add);
            }
            return signals;
        } finally {
            sample.stop(hashing);
            decodes.release();
        }
    }

    private void acquire() {
        try {
            if (decodes.tryAcquire(decodeWaitMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Failure(Failure.Kind.UNAVAILABLE, "busy", "Busy", "every decoder is in use; retry shortly");
    }

    /**
     * Validates hashes supplied by a caller.
     *
     * @throws InvalidHashException naming the first bad one
     */
    public List<QuerySignal> parse(List<SuppliedSignal> supplied) throws InvalidHashException {
        List<QuerySignal> signals = new ArrayList<>();
        for (int i = 0; i < supplied.size(); i++) {
            SuppliedSignal s = supplied.get(i);
            SignalType type = types.find(s.type()).orElseThrow(() -> new InvalidHashException(
                    "signal type '" + s.type() + "' is not one of " + types.names()));
            if (s.quality() != null && (s.quality() < 0 || s.quality() > 100)) {
                throw new InvalidHashException(type.name() + " quality must be between 0 and 100");
            }
            signals.add(type.query(type.canonical(s.value()), s.quality()));
        }
        return signals;
    }

    /** A hash as a caller sent it. */
    public record SuppliedSignal(String type, String value, Integer quality) {
    }
}

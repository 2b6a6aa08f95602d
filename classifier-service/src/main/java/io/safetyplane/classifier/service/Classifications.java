package io.safetyplane.classifier.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Descriptors.FieldDescriptor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.classifier.config.ClassifierConfig;
import io.safetyplane.classifier.inference.BatchRejectedException;
import io.safetyplane.classifier.inference.Batcher;
import io.safetyplane.classifier.model.Action;
import io.safetyplane.classifier.model.ModelRegistry;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.classifier.preprocess.Preprocessor;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Classifies one image: decode (the media module's decoder and limits), preprocess for the chosen
 * model, wait for a batch, decide by the model's rules, emit the events. REST, gRPC and the stream
 * share this path.
 */
@ApplicationScoped
public class Classifications {
    static final int MAX_CONTEXT_FIELD_CHARS = 256;
    static final int MAX_ID_CHARS = 256;

    private final ModelRegistry registry;
    private final MediaDecoder decoder;
    private final VerdictEvents events;
    private final int retryAfterSeconds;
    private final Timer total;
    private final Timer decode;
    private final MeterRegistry meters;
    private final Map<MediaRejectedException.Reason, Counter> refused = new EnumMap<>(MediaRejectedException.Reason.class);
    private final Counter queueFull;

    public Classifications(ModelRegistry registry, MediaDecoder decoder, VerdictEvents events, ClassifierConfig config,
            MeterRegistry meters) {
        this.registry = registry;
        this.decoder = decoder;
        this.events = events;
        this.retryAfterSeconds = config.batching().retryAfterSeconds();
        this.meters = meters;
        this.total = Timer.builder("classifier_classify_seconds").description("Classifying one image, decode to verdict")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.decode = Timer.builder("classifier_decode_seconds").description("Decoding one image").register(meters);
        for (MediaRejectedException.Reason r : MediaRejectedException.Reason.values()) {
            refused.put(r, Counter.builder("classifier_refused_media").tag("reason", r.name().toLowerCase(Locale.ROOT))
                    .description("Images refused by the decoder").register(meters));
        }
        this.queueFull = Counter.builder("classifier_queue_full").description("Items refused because a model's queue was full")
                .register(meters);
    }

    /** What one request asks. */
    public record Request(RequestContext context, byte[] media, String model, ContentStage stage, String contentId, String itemId) {
    }

    /** Where the time of one classification went, in nanoseconds. */
    public record Timings(long decodeNanos, long preprocessNanos, long queueNanos, long inferNanos, int batchSize) {
    }

    /**
     * What one classification decided and the events it emitted.
     *
     * @param violationEventId null unless an upload was blocked
     */
    public record Outcome(Verdict verdict, String sha256, String format, int width, int height, int exifOrientation,
            ContentStage stage, Timings timings, String decisionEventId, String violationEventId) {
    }

    /** The item before inference. */
    private record Prepared(Request request, ModelRegistry.Entry model, ContentStage stage, String sha256, DecodedImage image,
            long decodeNanos, long preprocessNanos, long start, CompletableFuture<Batcher.Result> result) {
    }

    /**
     * Classifies on the calling thread (which waits for the batch).
     *
     * @throws Failure invalid-context, invalid-stage, unknown-model, missing-media and the media errors, queue-full (REST
     *         maps {@link BatchRejectedException}), violation-not-recorded
     */
    public Outcome classify(Request request) {
        Prepared p = prepare(request);
        Batcher.Result r;
        try {
            r = p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.UNAVAILABLE, "shutting-down", "Shutting down", "interrupted while waiting for the model");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
        return finish(p, r);
    }

    /**
     * Classifies without blocking the caller: decoding and preprocessing run on {@code executor}, the verdict's events on the
     * worker pool. The future fails with the same exceptions as {@link #classify}.
     */
    public CompletableFuture<Outcome> classifyAsync(Request request, Executor executor) {
        return CompletableFuture.supplyAsync(() -> prepare(request), executor)
                .thenCompose(p -> p.result.thenApplyAsync(r -> finish(p, r), Infrastructure.getDefaultWorkerPool()));
    }

    /** The worker pool, for callers that have no executor of their own. */
    public static Executor workers() {
        return Infrastructure.getDefaultWorkerPool();
    }

    private Prepared prepare(Request request) {
        long start = System.nanoTime();
        RequestContext context = checkContext(request.context());
        ContentStage stage = switch (request.stage()) {
            case CONTENT_STAGE_UNSPECIFIED, CONTENT_STAGE_UPLOAD -> ContentStage.CONTENT_STAGE_UPLOAD;
            case CONTENT_STAGE_OUTPUT -> ContentStage.CONTENT_STAGE_OUTPUT;
            default -> throw ClassifierFailures.invalidStage(request.stage().name());
        };
        checkId("contentId", request.contentId());
        checkId("itemId", request.itemId());
        ModelRegistry.Entry entry = registry.find(request.model())
                .orElseThrow(() -> ClassifierFailures.unknownModel(request.model(), registry.names()));
        if (request.media() == null) {
            throw ClassifierFailures.missingMedia("the request carries no image");
        }
        DecodedImage image;
        long t0 = System.nanoTime();
        try {
            image = decoder.decode(request.media());
        } catch (MediaRejectedException e) {
            refused.get(e.reason()).increment();
            throw ClassifierFailures.media(e);
        }
        long t1 = System.nanoTime();
        decode.record(t1 - t0, TimeUnit.NANOSECONDS);
        ModelSpec spec = entry.spec();
        float[] input = new float[spec.inputSize()];
        Preprocessor.toTensor(image, spec, input, 0);
        long t2 = System.nanoTime();
        String sha256 = sha256(request.media());
        CompletableFuture<Batcher.Result> result;
        try {
            result = entry.batcher().submit(input);
        } catch (BatchRejectedException e) {
            if (e.reason() == BatchRejectedException.Reason.QUEUE_FULL) {
                queueFull.increment();
            }
            throw e;
        }
        return new Prepared(new Request(context, request.media(), request.model(), stage, request.contentId(), request.itemId()),
                entry, stage, sha256, image, t1 - t0, t2 - t1, start, result);
    }

    private Outcome finish(Prepared p, Batcher.Result r) {
        Request request = p.request;
        Verdict verdict = p.model.spec().decide(r.scores());
        RequestContext context = request.context();
        String contentId = request.contentId() == null ? "" : request.contentId();
        String itemId = request.itemId() == null ? "" : request.itemId();
        VerdictEvents.EventIds ids = VerdictEvents.EventIds.of(context, itemId, p.model.spec().id(), p.sha256);
        String violationId = null;
        if (verdict.decision() == Action.BLOCK && p.stage == ContentStage.CONTENT_STAGE_UPLOAD) {
            violationId = events.publishViolation(ids.violation(), context, verdict, p.stage, contentId, p.sha256).getEventId();
        }
        events.publishDecision(ids.decision(), context, verdict, p.stage, contentId, p.sha256);
        meters.counter("classifier_verdicts", "model", p.model.spec().id(), "decision", verdict.decision().id()).increment();
        total.record(System.nanoTime() - p.start, TimeUnit.NANOSECONDS);
        DecodedImage img = p.image;
        boolean swap = img.exifOrientation() >= 5;
        return new Outcome(verdict, p.sha256, img.format().name().toLowerCase(Locale.ROOT), swap ? img.height() : img.width(),
                swap ? img.width() : img.height(), img.exifOrientation(), p.stage,
                new Timings(p.decodeNanos, p.preprocessNanos, r.queueNanos(), r.inferNanos(), r.batchSize()), ids.decision(),
                violationId);
    }

    /** The failure a request gets for {@code t}: a {@link Failure} or {@link BatchRejectedException} as is. */
    public static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        return new IllegalStateException(t);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static RequestContext checkContext(RequestContext context) {
        if (context == null) {
            return RequestContext.getDefaultInstance();
        }
        for (Map.Entry<FieldDescriptor, Object> f : context.getAllFields().entrySet()) {
            if (f.getValue() instanceof String s && s.length() > MAX_CONTEXT_FIELD_CHARS) {
                throw ClassifierFailures.invalidContext("context." + f.getKey().getJsonName() + " is longer than "
                        + MAX_CONTEXT_FIELD_CHARS + " characters");
            }
        }
        return context;
    }

    private static void checkId(String what, String id) {
        if (id != null && id.length() > MAX_ID_CHARS) {
            throw Failure.invalid("invalid-request", "Invalid request", what + " is longer than " + MAX_ID_CHARS + " characters");
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.safetyplane.classifier.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
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
import io.safetyplane.classifier.model.VideoVerdicts;
import io.safetyplane.classifier.preprocess.Preprocessor;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.media.DecodedImage;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.media.SampledVideo;
import io.safetyplane.media.VideoSampler;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Classifies one image or video: decode (the media module's decoder and limits; for MP4 its video sampler), preprocess for
 * the chosen model, wait for a batch, decide by the model's rules, emit the events. REST, gRPC and the stream share this
 * path. A video's sampled frames go through the same model queue in waves of at most {@code max-batch-size} frames, and
 * their scores are aggregated ({@link VideoVerdicts}) into one verdict.
 */
@ApplicationScoped
public class Classifications {
    static final int MAX_CONTEXT_FIELD_CHARS = 256;
    static final int MAX_ID_CHARS = 256;

    private final ModelRegistry registry;
    private final MediaDecoder decoder;
    private final VideoSampler sampler;
    private final int wave;
    private final int minFramesOverThreshold;
    private final VerdictEvents events;
    private final int retryAfterSeconds;
    private final Timer total;
    private final Timer decode;
    private final MeterRegistry meters;
    private final Map<MediaRejectedException.Reason, Counter> refused = new EnumMap<>(MediaRejectedException.Reason.class);
    private final Counter queueFull;

    public Classifications(ModelRegistry registry, MediaDecoder decoder, VideoSampler sampler, VerdictEvents events,
            ClassifierConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.decoder = decoder;
        this.sampler = sampler;
        this.wave = config.batching().maxBatchSize();
        this.minFramesOverThreshold = config.video().minFramesOverThreshold();
        this.events = events;
        this.retryAfterSeconds = config.batching().retryAfterSeconds();
        this.meters = meters;
        this.total = Timer.builder("classifier_classify_seconds").description("Classifying one image or video, decode to verdict")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.decode = Timer.builder("classifier_decode_seconds").description("Decoding one image or sampling one video's frames")
                .register(meters);
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
     * @param verdict          for a video: the label peaks as scores, the rule peaks as rules
     * @param video            null for an image
     * @param violationEventId null unless an upload was blocked
     */
    public record Outcome(Verdict verdict, String sha256, String format, int width, int height, int exifOrientation,
            ContentStage stage, Timings timings, String decisionEventId, String violationEventId, Video video) {
    }

    /** What a video adds to its outcome: the sampling and the aggregation of its frames. */
    public record Video(String codec, double durationSeconds, long totalFrames, double intervalSeconds,
            VideoVerdicts.Aggregate aggregate) {
    }

    /** What was decoded: an image, or a video's sampled frames (then {@code video} is set). */
    private record Decoded(String format, int width, int height, int exifOrientation, SampledVideo video) {
        /** Width and height as displayed: orientations 5 to 8 turn the picture a quarter. */
        static Decoded displayed(String format, int codedWidth, int codedHeight, int orientation, SampledVideo video) {
            boolean swap = orientation >= 5;
            return new Decoded(format, swap ? codedHeight : codedWidth, swap ? codedWidth : codedHeight, orientation, video);
        }
    }

    /** The item before inference: one tensor per image, one per sampled frame for a video. */
    private record Prepared(Request request, ModelRegistry.Entry model, ContentStage stage, String sha256, Decoded decoded,
            List<SampledVideo.Frame> frames, long decodeNanos, long preprocessNanos, long start,
            CompletableFuture<List<Batcher.Result>> results) {
    }

    /**
     * Classifies on the calling thread (which waits for the batch).
     *
     * @throws Failure invalid-context, invalid-stage, unknown-model, missing-media and the media and video errors,
     *         queue-full, shutting-down, violation-not-recorded
     */
    public Outcome classify(Request request) {
        Prepared p = prepare(request);
        List<Batcher.Result> r;
        try {
            r = p.results.get();
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
                .thenCompose(p -> p.results.thenApplyAsync(r -> finish(p, r), Infrastructure.getDefaultWorkerPool()));
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
        if (VideoSampler.isVideo(request.media())) {
            return prepareVideo(request, context, stage, entry, start);
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
        CompletableFuture<List<Batcher.Result>> result = submit(entry, input).thenApply(List::of);
        Decoded decoded = Decoded.displayed(image.format().name().toLowerCase(Locale.ROOT), image.width(), image.height(),
                image.exifOrientation(), null);
        return new Prepared(new Request(context, request.media(), request.model(), stage, request.contentId(), request.itemId()),
                entry, stage, sha256, decoded, List.of(), t1 - t0, t2 - t1, start, result);
    }

    /**
     * A video: sample its frames (each becomes its tensor at once, so at most one decoded frame is held), then queue the
     * tensors in waves of {@code max-batch-size}, each wave after the previous one's results.
     */
    private Prepared prepareVideo(Request request, RequestContext context, ContentStage stage, ModelRegistry.Entry entry,
            long start) {
        ModelSpec spec = entry.spec();
        List<SampledVideo.Frame> frames = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        long[] preprocess = new long[1];
        SampledVideo video;
        long t0 = System.nanoTime();
        try {
            video = sampler.sample(request.media(), frame -> {
                long p0 = System.nanoTime();
                float[] input = new float[spec.inputSize()];
                Preprocessor.toTensor(frame.image(), spec, input, 0);
                frames.add(frame.withoutImage());
                inputs.add(input);
                preprocess[0] += System.nanoTime() - p0;
            });
        } catch (MediaRejectedException e) {
            refused.get(e.reason()).increment();
            throw ClassifierFailures.media(e);
        }
        long t1 = System.nanoTime();
        decode.record(t1 - t0 - preprocess[0], TimeUnit.NANOSECONDS);
        // frames arrive in decoding order; aggregate them in time order
        Integer[] order = new Integer[frames.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> frames.get(i).timeSeconds()));
        List<SampledVideo.Frame> sortedFrames = new ArrayList<>();
        List<float[]> sortedInputs = new ArrayList<>();
        for (int i : order) {
            sortedFrames.add(frames.get(i));
            sortedInputs.add(inputs.get(i));
        }
        String sha256 = sha256(request.media());
        CompletableFuture<List<Batcher.Result>> results = waves(entry, sortedInputs, 0, new ArrayList<>());
        Decoded decoded = Decoded.displayed("mp4", video.width(), video.height(), video.orientation(), video);
        return new Prepared(new Request(context, request.media(), request.model(), stage, request.contentId(), request.itemId()),
                entry, stage, sha256, decoded, List.copyOf(sortedFrames), t1 - t0 - preprocess[0], preprocess[0], start, results);
    }

    /** Submits {@code inputs[from..from+wave)} now, the rest once those are answered; all results in input order. */
    private CompletableFuture<List<Batcher.Result>> waves(ModelRegistry.Entry entry, List<float[]> inputs, int from,
            List<Batcher.Result> done) {
        if (from >= inputs.size()) {
            return CompletableFuture.completedFuture(done);
        }
        int to = Math.min(inputs.size(), from + wave);
        List<CompletableFuture<Batcher.Result>> these = new ArrayList<>();
        for (int i = from; i < to; i++) {
            these.add(submit(entry, inputs.get(i)));
        }
        return CompletableFuture.allOf(these.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            for (CompletableFuture<Batcher.Result> f : these) {
                done.add(f.join());
            }
            return waves(entry, inputs, to, done);
        });
    }

    /** Queues one tensor; a refusal (full queue, shutting down) becomes its {@link Failure}, now or when it happens. */
    private CompletableFuture<Batcher.Result> submit(ModelRegistry.Entry entry, float[] input) {
        CompletableFuture<Batcher.Result> f;
        try {
            f = entry.batcher().submit(input);
        } catch (BatchRejectedException e) {
            throw rejected(e);
        }
        return f.handle((r, t) -> {
            if (t == null) {
                return r;
            }
            RuntimeException e = unwrap(t);
            throw e instanceof BatchRejectedException b ? rejected(b) : e;
        });
    }

    private Failure rejected(BatchRejectedException e) {
        if (e.reason() == BatchRejectedException.Reason.QUEUE_FULL) {
            queueFull.increment();
        }
        return ClassifierFailures.rejected(e, retryAfterSeconds);
    }

    private Outcome finish(Prepared p, List<Batcher.Result> results) {
        Request request = p.request;
        ModelSpec spec = p.model.spec();
        Verdict verdict;
        Video video = null;
        Timings timings;
        if (p.decoded.video() == null) {
            Batcher.Result r = results.get(0);
            verdict = spec.decide(r.scores());
            timings = new Timings(p.decodeNanos, p.preprocessNanos, r.queueNanos(), r.inferNanos(), r.batchSize());
        } else {
            List<VideoVerdicts.Frame> frames = new ArrayList<>();
            long queue = 0;
            long infer = 0;
            int batch = 0;
            for (int i = 0; i < results.size(); i++) {
                SampledVideo.Frame f = p.frames.get(i);
                frames.add(new VideoVerdicts.Frame(i, f.frameNumber(), f.timeSeconds(), results.get(i).scores()));
            }
            for (int w = 0; w < results.size(); w += wave) {
                long q = 0;
                long n = 0;
                for (int i = w; i < Math.min(results.size(), w + wave); i++) {
                    q = Math.max(q, results.get(i).queueNanos());
                    n = Math.max(n, results.get(i).inferNanos());
                    batch = Math.max(batch, results.get(i).batchSize());
                }
                queue += q;
                infer += n;
            }
            VideoVerdicts.Aggregate aggregate = VideoVerdicts.aggregate(spec, frames, minFramesOverThreshold);
            verdict = aggregate.verdict();
            SampledVideo v = p.decoded.video();
            video = new Video(v.codec(), v.durationSeconds(), v.totalFrames(), v.intervalSeconds(), aggregate);
            timings = new Timings(p.decodeNanos, p.preprocessNanos, queue, infer, batch);
        }
        RequestContext context = request.context();
        String contentId = request.contentId() == null ? "" : request.contentId();
        String itemId = request.itemId() == null ? "" : request.itemId();
        VerdictEvents.EventIds ids = VerdictEvents.EventIds.of(context, itemId, spec.id(), p.sha256);
        String violationId = null;
        if (verdict.decision() == Action.BLOCK && p.stage == ContentStage.CONTENT_STAGE_UPLOAD) {
            violationId = events.publishViolation(ids.violation(), context, verdict, p.stage, contentId, p.sha256).getEventId();
        }
        events.publishDecision(ids.decision(), context, verdict, p.stage, contentId, p.sha256);
        meters.counter("classifier_verdicts", "model", spec.id(), "decision", verdict.decision().id()).increment();
        total.record(System.nanoTime() - p.start, TimeUnit.NANOSECONDS);
        Decoded d = p.decoded;
        return new Outcome(verdict, p.sha256, d.format(), d.width(), d.height(), d.exifOrientation(), p.stage, timings,
                ids.decision(), violationId, video);
    }

    /** The failure a request gets for {@code t}: the {@link Failure} (or other runtime exception) inside it. */
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

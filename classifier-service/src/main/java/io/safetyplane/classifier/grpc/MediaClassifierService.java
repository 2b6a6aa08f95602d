package io.safetyplane.classifier.grpc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import org.jboss.logging.Logger;

import io.quarkus.grpc.GrpcService;
import io.safetyplane.classifier.config.ClassifierConfig;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.classifier.model.Rule;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.classifier.model.VideoVerdicts;
import io.safetyplane.classifier.service.Classifications;
import io.safetyplane.classifier.service.VerdictEvents;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.Error;
import io.safetyplane.contracts.classifier.v1.LabelPeak;
import io.safetyplane.contracts.classifier.v1.LabelScore;
import io.safetyplane.contracts.classifier.v1.MediaClassifier;
import io.safetyplane.contracts.classifier.v1.RulePeak;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.classifier.v1.SampledFrame;
import io.safetyplane.contracts.classifier.v1.Timings;
import io.safetyplane.contracts.classifier.v1.VideoSummary;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * gRPC {@code safety.classifier.v1.MediaClassifier}. Errors are gRPC statuses whose description starts
 * with the same problem type as the REST API ({@code "unknown-model: ..."}) and which carry a
 * {@code google.rpc.ErrorInfo}; a full queue is {@code RESOURCE_EXHAUSTED} with {@code retryAfterSeconds}
 * in the ErrorInfo. Inside a {@code ClassifyStream} an error answers only its own item, and up to
 * {@code classifier-service.batching.stream-window} items of one stream are classified at once, so a
 * stream's items share batches.
 */
@GrpcService
public class MediaClassifierService implements MediaClassifier {
    private static final Logger LOG = Logger.getLogger(MediaClassifierService.class);

    private final Classifications classifications;
    private final int window;

    public MediaClassifierService(Classifications classifications, ClassifierConfig config) {
        this.classifications = classifications;
        // one stream alone never fills a model's queue: its items in flight are at most the queue's capacity
        this.window = Math.min(config.batching().streamWindow(), config.batching().queueCapacity());
    }

    @Override
    public Uni<ClassifyResponse> classify(ClassifyRequest request) {
        return Uni.createFrom().completionStage(() -> classifications.classifyAsync(toRequest(request), Classifications.workers()))
                .map(o -> response(request.getItemId(), o))
                .onFailure().transform(t -> {
                    RuntimeException e = Classifications.unwrap(t);
                    if (e instanceof Failure f) {
                        return GrpcFailures.status(f);
                    }
                    LOG.error("classification failed unexpectedly", e);
                    return io.grpc.Status.INTERNAL.withDescription("internal-error: the request failed unexpectedly; it was logged")
                            .asRuntimeException();
                });
    }

    @Override
    public Multi<ClassifyResponse> classifyStream(Multi<ClassifyRequest> requests) {
        return Multi.createFrom().emitter(emitter -> requests.subscribe().withSubscriber(new Window(emitter)));
    }

    /**
     * Starts up to {@code window} items at once and answers them in request order: a response is emitted once it and every
     * earlier one are done; another request is read as each finishes.
     */
    private final class Window implements Flow.Subscriber<ClassifyRequest> {
        private final MultiEmitter<? super ClassifyResponse> out;
        private final ArrayDeque<CompletableFuture<ClassifyResponse>> pending = new ArrayDeque<>();
        private Flow.Subscription subscription;
        private boolean inputDone;
        private boolean finished;

        Window(MultiEmitter<? super ClassifyResponse> out) {
            this.out = out;
            out.onTermination(() -> {
                Flow.Subscription s;
                synchronized (this) {
                    s = subscription;
                }
                if (s != null) {
                    s.cancel();
                }
            });
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (this) {
                subscription = s;
            }
            s.request(window);
        }

        @Override
        public void onNext(ClassifyRequest request) {
            CompletableFuture<ClassifyResponse> f;
            try {
                f = classifications.classifyAsync(toRequest(request), Classifications.workers())
                        .handle((o, t) -> t == null ? response(request.getItemId(), o) : error(request.getItemId(), t));
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(error(request.getItemId(), e));
            }
            synchronized (this) {
                pending.add(f);
            }
            f.whenComplete((r, t) -> drain());
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            out.fail(t);
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                inputDone = true;
            }
            drain();
        }

        private void drain() {
            int done = 0;
            boolean complete = false;
            synchronized (this) {
                if (finished) {
                    return;
                }
                while (!pending.isEmpty() && pending.peek().isDone()) {
                    out.emit(pending.poll().join());
                    done++;
                }
                if (inputDone && pending.isEmpty()) {
                    finished = true;
                    complete = true;
                }
            }
            if (complete) {
                out.complete();
            } else if (done > 0) {
                subscription.request(done);
            }
        }
    }

    private ClassifyResponse error(String itemId, Throwable t) {
        RuntimeException e = Classifications.unwrap(t);
        Failure f;
        if (e instanceof Failure failure) {
            f = failure;
        } else {
            LOG.error("unexpected error in a classify stream", e);
            return ClassifyResponse.newBuilder().setItemId(itemId)
                    .setError(Error.newBuilder().setType("internal-error").setDetail("the item failed unexpectedly; it was logged"))
                    .build();
        }
        Error.Builder b = Error.newBuilder().setType(f.type()).setDetail(f.getMessage());
        if (f.kind() == Failure.Kind.UNAVAILABLE || f.kind() == Failure.Kind.TOO_MANY_REQUESTS) {
            b.setRetryAfterSeconds(f.retryAfterSeconds());
        }
        return ClassifyResponse.newBuilder().setItemId(itemId).setError(b).build();
    }

    private static VideoSummary video(ModelSpec m, Classifications.Video video) {
        VideoVerdicts.Aggregate a = video.aggregate();
        VideoSummary.Builder b = VideoSummary.newBuilder()
                .setFramesSampled(a.frames().size())
                .setIntervalSeconds(video.intervalSeconds())
                .setDurationSeconds(video.durationSeconds())
                .setTotalFrames(video.totalFrames())
                .setCodec(video.codec())
                .setMinFramesOverThreshold(a.minFramesOverThreshold());
        for (VideoVerdicts.LabelPeak p : a.labels()) {
            b.addLabelPeaks(LabelPeak.newBuilder().setLabel(p.label()).setScore(p.score()).setFrameIndex(p.frameIndex())
                    .setTimeSeconds(p.timeSeconds()));
        }
        for (VideoVerdicts.RulePeak p : a.rules()) {
            b.addRulePeaks(RulePeak.newBuilder().setRule(p.rule()).setScore(p.score()).setFrameIndex(p.frameIndex())
                    .setTimeSeconds(p.timeSeconds()).setFramesAtReview(p.framesAtReview()).setFramesAtBlock(p.framesAtBlock())
                    .setAction(VerdictEvents.wire(p.action())));
        }
        for (VideoVerdicts.FrameResult f : a.frames()) {
            SampledFrame.Builder fb = SampledFrame.newBuilder().setIndex(f.index()).setFrameNumber(f.frameNumber())
                    .setTimeSeconds(f.timeSeconds()).setAction(VerdictEvents.wire(f.action()));
            for (int i = 0; i < m.labels().size(); i++) {
                fb.addScores(LabelScore.newBuilder().setLabel(m.labels().get(i)).setScore(f.scores()[i]));
            }
            b.addFrames(fb);
        }
        return b.build();
    }

    private static Classifications.Request toRequest(ClassifyRequest r) {
        return new Classifications.Request(r.getContext(), r.hasMedia() ? r.getMedia().getData().toByteArray() : null, r.getModel(),
                r.getStage(), r.getContentId(), r.getItemId());
    }

    private static ClassifyResponse response(String itemId, Classifications.Outcome o) {
        Verdict v = o.verdict();
        ModelSpec m = v.model();
        ClassifyResponse.Builder r = ClassifyResponse.newBuilder()
                .setItemId(itemId)
                .setDecision(VerdictEvents.wire(v.decision()))
                .setModelId(m.id())
                .setModelName(m.name())
                .setModelVersion(m.version())
                .setContentSha256(o.sha256())
                .setFormat(o.format())
                .setWidth(o.width())
                .setHeight(o.height())
                .setExifOrientation(o.exifOrientation())
                .setTimings(Timings.newBuilder()
                        .setDecodeMs(o.timings().decodeNanos() / 1e6)
                        .setPreprocessMs(o.timings().preprocessNanos() / 1e6)
                        .setQueueMs(o.timings().queueNanos() / 1e6)
                        .setInferMs(o.timings().inferNanos() / 1e6)
                        .setBatchSize(o.timings().batchSize()))
                .setDecisionEventId(o.decisionEventId());
        if (o.violationEventId() != null) {
            r.setViolationEventId(o.violationEventId());
        }
        for (int i = 0; i < m.labels().size(); i++) {
            r.addScores(LabelScore.newBuilder().setLabel(m.labels().get(i)).setScore(v.scores()[i]));
        }
        for (Rule.RuleResult rr : v.rules()) {
            r.addRules(RuleResult.newBuilder().setRule(rr.rule().name()).addAllLabels(rr.rule().labels()).setScore(rr.score())
                    .setAction(VerdictEvents.wire(rr.action())).setCategory(rr.rule().category()));
        }
        if (o.video() != null) {
            r.setVideo(video(m, o.video()));
        }
        return r.build();
    }
}

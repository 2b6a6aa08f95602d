package io.safetyplane.classifier.service;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.safetyplane.classifier.config.ClassifierConfig;
import io.safetyplane.classifier.inference.Batcher;
import io.safetyplane.classifier.inference.OnnxModel;
import io.safetyplane.classifier.model.ModelRegistry;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.classifier.model.ModelSpecs;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.VideoLimits;
import io.safetyplane.media.VideoSampler;
import io.safetyplane.media.MediaLimits;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain-Java core of the service, as CDI beans: the decoder and the model registry with its ONNX Runtime sessions. */
public class Beans {
    private static final Logger LOG = Logger.getLogger(Beans.class);

    @Produces
    @Singleton
    VideoSampler videoSampler(ClassifierConfig config) {
        ClassifierConfig.Video v = config.video();
        return new VideoSampler(new VideoLimits(config.media().maxBytes(), v.maxPixels(), v.maxDuration(), v.maxFrames(),
                v.maxDecodeTime(), v.framesPerSecond(), v.maxSampledFrames()));
    }

    @Produces
    @Singleton
    MediaDecoder mediaDecoder(ClassifierConfig config) {
        ClassifierConfig.Media m = config.media();
        return new MediaDecoder(new MediaLimits(m.maxBytes(), m.maxPixels(), m.maxDecodeTime()));
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(ClassifierConfig config, MeterRegistry meters) {
        List<ModelSpec> specs = ModelSpecs.of(config);
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "classifier-service");
        ClassifierConfig.Inference inference = config.inference();
        int threads = inference.intraOpThreads().orElse(1);
        boolean cuda = inference.executionProvider() == ClassifierConfig.Provider.CUDA;
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (cuda && !available.contains(OrtProvider.CUDA)) {
            LOG.warnf("execution provider cuda requested, but this ONNX Runtime build has only %s: every model runs on the CPU "
                    + "with %d intra-op threads (GPU nodes need the onnxruntime_gpu build, mvn -Pgpu, and the CUDA 12 runtime)",
                    available, threads);
            cuda = false;
        }
        boolean useCuda = cuda;
        AtomicBoolean fallbackLogged = new AtomicBoolean();
        ClassifierConfig.Batching batching = config.batching();
        ModelRegistry registry = ModelRegistry.load(specs, config.defaultModel(), loaded -> {
            ModelSpec spec = loaded.spec();
            String provider = "cpu";
            try (OrtSession.SessionOptions options = OnnxModel.sessionOptions(threads)) {
                if (useCuda) {
                    try {
                        options.addCUDA(inference.cudaDevice());
                        provider = "cuda";
                    } catch (OrtException | LinkageError e) {
                        if (fallbackLogged.compareAndSet(false, true)) {
                            LOG.warnf("CUDA execution provider could not be added (device %d: %s): models run on the CPU with %d "
                                    + "intra-op threads", inference.cudaDevice(), e.getMessage(), threads);
                        }
                    }
                }
                OnnxModel model = OnnxModel.load(spec, loaded.onnx(), env, options, provider);
                String id = spec.id();
                DistributionSummary batchSizes = DistributionSummary.builder("classifier_batch_size").tag("model", id)
                        .description("Items per inference batch").register(meters);
                Timer inferTimer = Timer.builder("classifier_inference_seconds").tag("model", id)
                        .description("Running one batch").publishPercentiles(0.5, 0.99).register(meters);
                boolean gpu = provider.equals("cuda");
                int workers = batching.workers().orElse(Batcher.defaultWorkers(gpu));
                Duration maxWait = batching.maxWait().orElse(Batcher.defaultMaxWait(gpu));
                LOG.infof("model %s on %s: %d batch workers of %d intra-op threads (spinning off), batches of up to %d items "
                        + "or %d ms, queue %d", id, provider, workers, threads, batching.maxBatchSize(), maxWait.toMillis(),
                        batching.queueCapacity());
                Batcher batcher = new Batcher(model, batching.maxBatchSize(), maxWait, batching.queueCapacity(), workers,
                        (size, nanos) -> {
                            batchSizes.record(size);
                            inferTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                        });
                Gauge.builder("classifier_queue_depth", batcher, Batcher::queued).tag("model", id)
                        .description("Items waiting for a batch").register(meters);
                return batcher;
            } catch (OrtException e) {
                throw new IllegalStateException("model " + spec.id() + ": cannot set up ONNX Runtime: " + e.getMessage(), e);
            }
        });
        LOG.infof("classifier models %s ready; default %s", registry.names(), config.defaultModel());
        return registry;
    }

    void close(@Disposes ModelRegistry registry) {
        registry.close();
    }

    /** Loads the models at start-up rather than on the first request. */
    void loadAtStartup(@Observes StartupEvent event, ModelRegistry registry) {
        registry.defaultModel();
    }
}

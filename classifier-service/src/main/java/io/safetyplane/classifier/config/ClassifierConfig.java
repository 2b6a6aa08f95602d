package io.safetyplane.classifier.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Settings of the classifier-service, validated at start-up. The model registry is configuration:
 * {@code classifier-service.models.<id>.*} names each model's ONNX file, labels, input geometry,
 * normalisation and threshold rules, so an operator points to another ONNX model without code changes.
 */
@ConfigMapping(prefix = "classifier-service")
public interface ClassifierConfig {

    /** The registry id of the model used when a request names none. */
    @WithDefault("nsfwjs-mobilenet-v2")
    @NotBlank
    String defaultModel();

    /** The models, by registry id. */
    @NotEmpty
    Map<String, Model> models();

    Media media();

    Video video();

    Inference inference();

    Batching batching();

    Events events();

    interface Model {
        /** Models that are not enabled are not loaded and cannot be asked for. */
        @WithDefault("true")
        boolean enabled();

        /** The model's name in verdicts and events; the registry id when absent. */
        Optional<String> name();

        /** The model's version, reported with every verdict and in the events' policy version. */
        @NotBlank
        String version();

        /** The ONNX file: a file system path, or {@code classpath:<resource>}. */
        @NotBlank
        String path();

        /** A model card (JSON) shown by {@code GET /v1/models}: a path or {@code classpath:<resource>}; optional. */
        Optional<String> card();

        /** The labels in the order of the model's output. */
        @NotEmpty
        List<@NotBlank String> labels();

        Input input();

        /**
         * Whether the output still needs a softmax (a model that ends in logits). The nsfwjs models
         * end in a softmax already.
         */
        @WithDefault("false")
        boolean softmax();

        /** Threshold rules, by name: each maps the summed score of its labels to allow, review or block. */
        @NotEmpty
        Map<String, Rule> rules();
    }

    interface Input {
        /** The input tensor's name; the model's only input when absent. */
        Optional<String> name();

        @Min(1)
        @Max(4096)
        int width();

        @Min(1)
        @Max(4096)
        int height();

        /** {@code nhwc} ([N, H, W, 3], as the nsfwjs models) or {@code nchw} ([N, 3, H, W]). */
        @WithDefault("nhwc")
        Layout layout();

        /** How the image is brought to width × height. */
        @WithDefault("bilinear-align-corners")
        Resize resize();

        /**
         * Per-channel (R, G, B) mean subtracted after scaling samples to [0, 1]; the model input is
         * {@code (v / 255 - mean) / std}. nsfwjs: 0, 0, 0.
         */
        @WithDefault("0,0,0")
        @Size(min = 3, max = 3)
        List<Double> mean();

        /** Per-channel (R, G, B) standard deviation; nsfwjs: 1, 1, 1. */
        @WithDefault("1,1,1")
        @Size(min = 3, max = 3)
        List<@Positive Double> std();
    }

    enum Layout {
        NHWC, NCHW
    }

    enum Resize {
        /**
         * Bilinear with aligned corners, straight to the model's size without keeping the aspect ratio
         * ({@code src = dst * (in - 1) / (out - 1)}; TensorFlow's {@code resizeBilinear(alignCorners=true)},
         * what nsfwjs does).
         */
        BILINEAR_ALIGN_CORNERS,
        /** Bilinear with half-pixel centres ({@code src = (dst + 0.5) * in / out - 0.5}; PyTorch, PIL-like models). */
        BILINEAR_HALF_PIXEL
    }

    interface Rule {
        /** The labels whose scores are summed. */
        @NotEmpty
        List<@NotBlank String> labels();

        /** Review at or above this summed score; never when absent. */
        OptionalDouble review();

        /** Block at or above this summed score; never when absent. */
        OptionalDouble block();

        /** The policy category a verdict of this rule stands for (the category of its violations). */
        @WithDefault("sexual")
        @NotBlank
        String category();
    }

    /** Limits checked before any image is decoded (the media module's decoder, as the hash-service's). */
    interface Media {
        /** Largest image accepted, in bytes. */
        @WithDefault("33554432")
        @Positive
        long maxBytes();

        /** Largest width × height read from an image header (decompression bombs). */
        @WithDefault("50000000")
        @Positive
        long maxPixels();

        /** Longest time one decode may take. */
        @WithDefault("10s")
        Duration maxDecodeTime();
    }

    /**
     * MP4/H.264 video: sampling and the limits checked before any frame is decoded (the media module's
     * {@code VideoSampler}); the byte limit is {@code media.max-bytes}.
     */
    interface Video {
        /** Frames sampled per second of video, from the first frame. */
        @WithDefault("1")
        @Positive
        double framesPerSecond();

        /** Most frames sampled from one video; a longer video is sampled at evenly spread times. */
        @WithDefault("32")
        @Positive
        int maxSampledFrames();

        /** Longest video accepted. */
        @WithDefault("10m")
        Duration maxDuration();

        /** Most frames the video track may declare. */
        @WithDefault("36000")
        @Positive
        long maxFrames();

        /** Largest frame, width × height, declared by the container and the H.264 parameter sets. */
        @WithDefault("8294400")
        @Positive
        long maxPixels();

        /** Longest time demuxing and decoding the sampled frames of one video may take. */
        @WithDefault("30s")
        Duration maxDecodeTime();

        /**
         * Sampled frames that must reach a rule's threshold for the rule to take that action (1: the peak frame decides,
         * as an image would).
         */
        @WithDefault("1")
        @Positive
        int minFramesOverThreshold();
    }

    interface Inference {
        /** {@code cpu}, or {@code cuda} (falls back to the CPU, with one log line, where CUDA is absent). */
        @WithDefault("cpu")
        Provider executionProvider();

        /** The GPU for {@code cuda}. */
        @WithDefault("0")
        @Min(0)
        int cudaDevice();

        /**
         * ONNX Runtime intra-op threads of each batch; 1 when absent. On the CPU, small models such as
         * MobileNetV2 run more images per second as several workers of one thread each than as one worker
         * with a thread per core (docs/benchmarks.md).
         */
        Optional<@Positive @Max(256) Integer> intraOpThreads();
    }

    enum Provider {
        CPU, CUDA
    }

    /** Dynamic micro-batching, per model. */
    interface Batching {
        /** Most items run in one batch. */
        @WithDefault("16")
        @Min(1)
        @Max(1024)
        int maxBatchSize();

        /**
         * Longest an item waits for others to join its batch, from when it was queued; when absent, 0 on the
         * CPU (a free worker takes the items already waiting) and 2 ms on CUDA ({@code Batcher.defaultMaxWait}).
         */
        Optional<Duration> maxWait();

        /** Items waiting per model; more are refused with 429 queue-full (gRPC RESOURCE_EXHAUSTED). */
        @WithDefault("64")
        @Min(1)
        @Max(100000)
        int queueCapacity();

        /** Batches of one model run at once; when absent, the container's CPUs on the CPU and 1 on CUDA ({@code Batcher.defaultWorkers}). */
        Optional<@Min(1) @Max(64) Integer> workers();

        /** Retry-After of a queue-full answer, in seconds. */
        @WithDefault("1")
        @Min(1)
        int retryAfterSeconds();

        /** Items of one ClassifyStream in flight at once; the stream reads more as they finish. */
        @WithDefault("32")
        @Min(1)
        @Max(4096)
        int streamWindow();
    }

    interface Events {
        /** Source attribute ({@code ce_source}) of emitted CloudEvents. */
        @WithDefault("/classifier-service")
        @NotBlank
        String source();

        /** How long a classification waits for Kafka to acknowledge its violation before failing with 503. */
        @WithDefault("10s")
        Duration violationSendTimeout();
    }
}

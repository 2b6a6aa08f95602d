package io.safetyplane.classifier.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.safetyplane.classifier.model.ModelRegistry;
import io.safetyplane.classifier.model.ModelSpec;
import io.safetyplane.classifier.model.Rule;
import io.safetyplane.classifier.model.Verdict;
import io.safetyplane.classifier.model.VideoVerdicts;
import io.safetyplane.classifier.service.Classifications;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.common.v1.RequestContext;

/** JSON shapes of the REST API. */
public final class Dto {
    private Dto() {
    }

    public record ModelView(String id, String name, String version) {
    }

    public record RuleView(String rule, List<String> labels,
            @Schema(description = "The sum of the labels' scores") float score,
            @Schema(description = "Review threshold; null when the rule never reviews") Double review,
            @Schema(description = "Block threshold; null when the rule never blocks") Double block,
            @Schema(enumeration = { "allow", "review", "block" }) String action, String category) {
        static RuleView of(Rule.RuleResult r) {
            Rule rule = r.rule();
            return new RuleView(rule.name(), rule.labels(), r.score(), Double.isNaN(rule.review()) ? null : rule.review(),
                    Double.isNaN(rule.block()) ? null : rule.block(), r.action().id(), rule.category());
        }
    }

    public record MediaView(@Schema(description = "Detected from the bytes: jpeg, png, gif, bmp, webp, mp4") String format,
            @Schema(description = "Width after the EXIF orientation is applied") int width, int height,
            @Schema(description = "EXIF orientation, 1 to 8 (applied before classifying)") int exifOrientation,
            @Schema(description = "SHA-256 of the bytes sent, as carried by the events") String sha256) {
    }

    public record TimingsView(double decodeMs, double preprocessMs, double queueMs, double inferMs,
            @Schema(description = "Items in the batch this image ran in") int batchSize) {
        static TimingsView of(Classifications.Timings t) {
            return new TimingsView(ms(t.decodeNanos()), ms(t.preprocessNanos()), ms(t.queueNanos()), ms(t.inferNanos()), t.batchSize());
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1000.0) / 1000.0;
        }
    }

    @Schema(description = "The verdict on an image: every label's score, every rule's score and action, the decision, the model "
            + "that decided, where the time went, and the ids of the events emitted")
    public record ClassifyResponse(String requestId, String tenantId, String contentId,
            @Schema(enumeration = { "upload", "output" }) String stage,
            @Schema(enumeration = { "allow", "review", "block" }, description = "The strictest action of the model's rules")
            String decision,
            ModelView model,
            @Schema(description = "Label to probability, in the model's label order; they sum to 1") Map<String, Float> scores,
            List<RuleView> rules, MediaView media, TimingsView timings, String decisionEventId,
            @Schema(description = "Set when an upload was blocked") String violationEventId,
            @Schema(description = "Set for a video: its sampled frames and how they add up; scores and rules are then peaks across "
                    + "the frames") VideoView video) {
        static ClassifyResponse of(RequestContext context, String contentId, Classifications.Outcome o) {
            Verdict v = o.verdict();
            ModelSpec m = v.model();
            Map<String, Float> scores = new LinkedHashMap<>();
            for (int i = 0; i < m.labels().size(); i++) {
                scores.put(m.labels().get(i), v.scores()[i]);
            }
            return new ClassifyResponse(context.getRequestId(), context.getTenantId(), contentId, Dto.stage(o.stage()),
                    v.decision().id(), new ModelView(m.id(), m.name(), m.version()), scores,
                    v.rules().stream().map(RuleView::of).toList(),
                    new MediaView(o.format(), o.width(), o.height(), o.exifOrientation(), o.sha256()), TimingsView.of(o.timings()),
                    o.decisionEventId(), o.violationEventId(), o.video() == null ? null : VideoView.of(m, o.video()));
        }
    }

    public record LabelPeakView(String label, float score, @Schema(description = "Index into frames") int frameIndex,
            double timeSeconds) {
    }

    public record RulePeakView(String rule, @Schema(description = "Highest summed score across the frames") float score,
            int frameIndex, double timeSeconds, int framesAtReview, int framesAtBlock,
            @Schema(enumeration = { "allow", "review", "block" }) String action) {
    }

    public record FrameView(int index, @Schema(description = "Position in the video track, decoding order") long frameNumber,
            double timeSeconds, Map<String, Float> scores, @Schema(enumeration = { "allow", "review", "block" }) String action) {
    }

    @Schema(description = "A video's sampling and aggregation: the decision is the model's rules applied to the peaks; a rule acts "
            + "when at least minFramesOverThreshold frames reach its threshold")
    public record VideoView(int framesSampled, double intervalSeconds, double durationSeconds, long totalFrames, String codec,
            int minFramesOverThreshold, List<LabelPeakView> labelPeaks, List<RulePeakView> rulePeaks, List<FrameView> frames) {
        static VideoView of(ModelSpec m, Classifications.Video v) {
            VideoVerdicts.Aggregate a = v.aggregate();
            return new VideoView(a.frames().size(), v.intervalSeconds(), v.durationSeconds(), v.totalFrames(), v.codec(),
                    a.minFramesOverThreshold(),
                    a.labels().stream().map(p -> new LabelPeakView(p.label(), p.score(), p.frameIndex(), p.timeSeconds())).toList(),
                    a.rules().stream().map(p -> new RulePeakView(p.rule(), p.score(), p.frameIndex(), p.timeSeconds(),
                            p.framesAtReview(), p.framesAtBlock(), p.action().id())).toList(),
                    a.frames().stream().map(f -> new FrameView(f.index(), f.frameNumber(), f.timeSeconds(), scores(m, f.scores()),
                            f.action().id())).toList());
        }
    }

    static Map<String, Float> scores(ModelSpec m, float[] s) {
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < m.labels().size(); i++) {
            out.put(m.labels().get(i), s[i]);
        }
        return out;
    }

    static String stage(ContentStage s) {
        return s == ContentStage.CONTENT_STAGE_OUTPUT ? "output" : "upload";
    }

    public record ThresholdView(String rule, List<String> labels, Double review, Double block, String category) {
    }

    @Schema(description = "A model of the registry")
    public record ModelInfo(String id, String name, String version, boolean isDefault, List<String> labels,
            @Schema(description = "width x height") int width, int height, String layout, String resize, float[] mean, float[] std,
            List<ThresholdView> rules, String source, String sha256, long bytes,
            @Schema(enumeration = { "cpu", "cuda" }) String provider, int queued, int queueCapacity,
            @Schema(description = "The model card, as shipped beside the model") Object card) {
        static ModelInfo of(ModelRegistry.Entry e, boolean isDefault, Object card) {
            ModelSpec s = e.spec();
            return new ModelInfo(s.id(), s.name(), s.version(), isDefault, s.labels(), s.width(), s.height(),
                    s.layout().name().toLowerCase(), s.resize().name().toLowerCase().replace('_', '-'), s.mean(), s.std(),
                    s.rules().stream().map(r -> new ThresholdView(r.name(), r.labels(), Double.isNaN(r.review()) ? null : r.review(),
                            Double.isNaN(r.block()) ? null : r.block(), r.category())).toList(),
                    s.path(), e.sha256(), e.bytes(), e.batcher().model().provider(), e.batcher().queued(), e.batcher().capacity(), card);
        }
    }
}

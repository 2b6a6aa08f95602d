package io.safetyplane.classifier.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.safetyplane.classifier.config.ClassifierConfig;

/** The aggregation of frame scores, by hand-made scores (the real model is exercised by VideoClassifyTest). */
class VideoVerdictsTest {
    static final List<String> LABELS = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");

    static ModelSpec nsfwjsRules() {
        Rule explicit = new Rule("explicit", List.of("Porn", "Hentai"), new int[] { 3, 1 }, 0.5, 0.98, "sexual");
        Rule suggestive = new Rule("suggestive", List.of("Sexy"), new int[] { 4 }, 0.8, Double.NaN, "sexual");
        return new ModelSpec("m", "m", "1", "x", Optional.empty(), LABELS, Optional.empty(), 224, 224, ClassifierConfig.Layout.NHWC,
                ClassifierConfig.Resize.BILINEAR_ALIGN_CORNERS, new float[3], new float[] { 1, 1, 1 }, false, List.of(explicit, suggestive));
    }

    static List<VideoVerdicts.Frame> frames(float[]... scores) {
        return java.util.stream.IntStream.range(0, scores.length)
                .mapToObj(i -> new VideoVerdicts.Frame(i, 10L * i, i * 1.0, scores[i])).toList();
    }

    // Drawing, Hentai, Neutral, Porn, Sexy
    static final float[] BENIGN = { 0.01f, 0.01f, 0.96f, 0.01f, 0.01f };
    static final float[] REVIEW = { 0.0f, 0.30f, 0.40f, 0.30f, 0.0f }; // explicit 0.60
    static final float[] BLOCK = { 0.0f, 0.10f, 0.01f, 0.89f, 0.0f }; // explicit 0.99
    static final float[] SEXY = { 0.0f, 0.0f, 0.15f, 0.0f, 0.85f };

    @Test
    void peaksCountsAndTheDecisionOfThePeaks() {
        VideoVerdicts.Aggregate a = VideoVerdicts.aggregate(nsfwjsRules(), frames(BENIGN, REVIEW, BLOCK, SEXY, REVIEW), 1);
        assertArrayEquals(new float[] { 0.01f, 0.30f, 0.96f, 0.89f, 0.85f }, a.verdict().scores());
        assertEquals(List.of(0, 1, 0, 2, 3), a.labels().stream().map(VideoVerdicts.LabelPeak::frameIndex).toList());
        VideoVerdicts.RulePeak explicit = a.rules().get(0);
        assertEquals(0.99f, explicit.score(), 1e-6);
        assertEquals(2, explicit.frameIndex());
        assertEquals(2.0, explicit.timeSeconds());
        assertEquals(3, explicit.framesAtReview()); // 0.60, 0.99, 0.60
        assertEquals(1, explicit.framesAtBlock());
        assertEquals(Action.BLOCK, explicit.action());
        assertEquals(Action.REVIEW, a.rules().get(1).action());
        assertEquals(1, a.rules().get(1).framesAtReview());
        assertEquals(Action.BLOCK, a.verdict().decision());
        assertEquals(List.of(Action.ALLOW, Action.REVIEW, Action.BLOCK, Action.REVIEW, Action.REVIEW),
                a.frames().stream().map(VideoVerdicts.FrameResult::action).toList());
        // the verdict's rules are the peaks with their actions: what the events carry
        assertEquals(0.99f, a.verdict().rules().get(0).score(), 1e-6);
        assertEquals("explicit", a.verdict().deciding().orElseThrow().rule().name());
    }

    @Test
    void aMinimumNumberOfFramesOverThreshold() {
        // two frames must reach a threshold: one blocking frame only reviews (it is over review, with the two others)
        VideoVerdicts.Aggregate a = VideoVerdicts.aggregate(nsfwjsRules(), frames(BENIGN, REVIEW, BLOCK, SEXY, BENIGN), 2);
        assertEquals(Action.REVIEW, a.rules().get(0).action());
        assertEquals(Action.ALLOW, a.rules().get(1).action()); // one suggestive frame
        assertEquals(Action.REVIEW, a.verdict().decision());
        assertEquals(2, a.minFramesOverThreshold());
        a = VideoVerdicts.aggregate(nsfwjsRules(), frames(BLOCK, BENIGN, BLOCK), 2);
        assertEquals(Action.BLOCK, a.verdict().decision());
        // a single frame is an image
        a = VideoVerdicts.aggregate(nsfwjsRules(), frames(REVIEW), 1);
        assertEquals(nsfwjsRules().decide(REVIEW).decision(), a.verdict().decision());
    }
}

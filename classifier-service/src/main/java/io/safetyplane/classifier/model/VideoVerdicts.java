package io.safetyplane.classifier.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A video's verdict from its sampled frames' scores: the peak of every label and of every rule across the frames, how many
 * frames reached each rule's thresholds, and the decision by the model's own rules applied to the peaks. With
 * {@code minFramesOverThreshold} above 1, a rule takes an action only when that many frames reach its threshold.
 */
public final class VideoVerdicts {
    private VideoVerdicts() {
    }

    /** One sampled frame's place and scores. */
    public record Frame(int index, long frameNumber, double timeSeconds, float[] scores) {
    }

    /** A frame with its own strictest action, as an image would get. */
    public record FrameResult(int index, long frameNumber, double timeSeconds, float[] scores, Action action) {
    }

    /** A label's highest score across the frames and the first frame that has it. */
    public record LabelPeak(String label, float score, int frameIndex, double timeSeconds) {
    }

    /**
     * A rule across the frames: its highest summed score, the first frame that has it, how many frames reach its review and
     * block thresholds, and the action it takes.
     */
    public record RulePeak(String rule, float score, int frameIndex, double timeSeconds, int framesAtReview, int framesAtBlock,
            Action action) {
    }

    /** What a video's frames add up to; {@link #verdict()} carries the label peaks as its scores and the rule peaks. */
    public record Aggregate(Verdict verdict, List<FrameResult> frames, List<LabelPeak> labels, List<RulePeak> rules,
            int minFramesOverThreshold) {
    }

    /**
     * @param frames at least one, in time order
     */
    public static Aggregate aggregate(ModelSpec spec, List<Frame> frames, int minFramesOverThreshold) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        if (minFramesOverThreshold < 1) {
            throw new IllegalArgumentException("minFramesOverThreshold must be at least 1");
        }
        int nl = spec.labels().size();
        float[] peaks = new float[nl];
        int[] peakFrame = new int[nl];
        java.util.Arrays.fill(peaks, Float.NEGATIVE_INFINITY);
        List<FrameResult> results = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            Frame fr = frames.get(f);
            for (int i = 0; i < nl; i++) {
                if (fr.scores()[i] > peaks[i]) {
                    peaks[i] = fr.scores()[i];
                    peakFrame[i] = f;
                }
            }
            results.add(new FrameResult(fr.index(), fr.frameNumber(), fr.timeSeconds(), fr.scores(), spec.decide(fr.scores()).decision()));
        }
        List<LabelPeak> labels = new ArrayList<>();
        for (int i = 0; i < nl; i++) {
            labels.add(new LabelPeak(spec.labels().get(i), peaks[i], frames.get(peakFrame[i]).index(),
                    frames.get(peakFrame[i]).timeSeconds()));
        }
        List<Rule.RuleResult> ruleResults = new ArrayList<>();
        List<RulePeak> rules = new ArrayList<>();
        Action decision = Action.ALLOW;
        for (Rule rule : spec.rules()) {
            float peak = Float.NEGATIVE_INFINITY;
            int at = 0;
            int atReview = 0;
            int atBlock = 0;
            int reviewOrWorse = 0;
            for (int f = 0; f < frames.size(); f++) {
                Rule.RuleResult r = rule.evaluate(frames.get(f).scores());
                if (r.score() > peak) {
                    peak = r.score();
                    at = f;
                }
                double s = sum(rule, frames.get(f).scores());
                if (!Double.isNaN(rule.review()) && s >= rule.review()) {
                    atReview++;
                }
                if (!Double.isNaN(rule.block()) && s >= rule.block()) {
                    atBlock++;
                }
                if (r.action() != Action.ALLOW) {
                    reviewOrWorse++;
                }
            }
            Action action = atBlock >= minFramesOverThreshold ? Action.BLOCK
                    : reviewOrWorse >= minFramesOverThreshold && !Double.isNaN(rule.review()) ? Action.REVIEW : Action.ALLOW;
            decision = decision.max(action);
            ruleResults.add(new Rule.RuleResult(rule, peak, action));
            rules.add(new RulePeak(rule.name(), peak, frames.get(at).index(), frames.get(at).timeSeconds(), atReview, atBlock, action));
        }
        return new Aggregate(new Verdict(spec, peaks, List.copyOf(ruleResults), decision), List.copyOf(results), List.copyOf(labels),
                List.copyOf(rules), minFramesOverThreshold);
    }

    private static double sum(Rule rule, float[] scores) {
        double s = 0;
        for (int i : rule.indices()) {
            s += scores[i];
        }
        return s;
    }
}

package io.safetyplane.provenance.rest;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.safetyplane.c2pa.ValidationReport;
import io.safetyplane.c2pa.ValidationStatus;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.provenance.service.ReleaseGate;

/** REST bodies. */
public final class Dto {
    private Dto() {
    }

    public record Status(String code, String url, String explanation) {
        static List<Status> of(List<ValidationStatus> list) {
            return list.stream().map(s -> new Status(s.code(), s.url(), s.explanation())).toList();
        }
    }

    public record Signature(String algorithm, String subject, String issuer, Instant notAfter, boolean trusted, Instant timestamp,
            boolean timestampTrusted) {
    }

    /** A verification report, field for field as the reference implementation's tooling reports it. */
    public record VerifyResponse(boolean manifestPresent, String validationState, String format, String activeManifest,
            int claimVersion, String claimGenerator, List<String> assertions, List<ValidationReport.Action> actions,
            boolean aiGenerated, Signature signature, List<Status> success, List<Status> informational, List<Status> failure) {

        static VerifyResponse of(ValidationReport r) {
            Signature sig = r.signature().map(s -> new Signature(s.algorithm(), s.subject(), s.issuer(), s.notAfter(), s.trusted(),
                    s.timestamp().orElse(null), s.timestampTrusted())).orElse(null);
            return new VerifyResponse(r.manifestPresent(), r.state() == null ? null : r.state().display(), r.format(),
                    r.activeManifest(), r.claimVersion(), r.claimGenerator(), r.assertions(), r.actions(), r.aiGenerated(), sig,
                    Status.of(r.success()), Status.of(r.informational()), Status.of(r.failure()));
        }
    }

    public record LabelScore(String label, float score) {
    }

    public record Rule(String rule, String action, float score, String category) {
    }

    /** The classifier-service's verdict on the output, in short. */
    public record Classification(String decision, String modelId, String modelVersion, List<LabelScore> scores, List<Rule> rules,
            String decisionEventId) {
        static Classification of(ClassifyResponse c) {
            return new Classification(action(c.getDecision()), c.getModelId(), c.getModelVersion(),
                    c.getScoresList().stream().map(s -> new LabelScore(s.getLabel(), s.getScore())).toList(),
                    c.getRulesList().stream().map(r -> new Rule(r.getRule(), action(r.getAction()), r.getScore(), r.getCategory())).toList(),
                    c.getDecisionEventId());
        }
    }

    /**
     * What the gate did. {@code media} is the signed output, base64, only when {@code released}.
     */
    public record ReleaseResponse(String decision, boolean released, String contentType, String manifestLabel, Integer manifestBytes,
            Boolean timestamped, String sha256, String media, Classification classification, String violationEventId,
            List<String> reasons) {
        static ReleaseResponse of(ReleaseGate.Outcome o) {
            var s = o.signed();
            return new ReleaseResponse(action(o.decision()), o.released(), s == null ? null : s.format().mediaType(),
                    s == null ? null : s.manifestLabel(), s == null ? null : s.storeLength(), s == null ? null : s.timestamped(),
                    s == null ? null : io.safetyplane.provenance.service.Provenance.sha256(s.asset()),
                    s == null ? null : Base64.getEncoder().encodeToString(s.asset()), Classification.of(o.classification()),
                    o.violationEventId().isEmpty() ? null : o.violationEventId(), o.reasons());
        }
    }

    static String action(io.safetyplane.contracts.events.v1.Action a) {
        return switch (a) {
            case ACTION_ALLOW -> "allow";
            case ACTION_REVIEW -> "review";
            case ACTION_BLOCK -> "block";
            case ACTION_BLOCK_AND_REPORT -> "block_and_report";
            default -> "unspecified";
        };
    }
}

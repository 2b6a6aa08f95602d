package io.safetyplane.provenance.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.LabelScore;
import io.safetyplane.contracts.classifier.v1.Media;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Evidence;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.provenance.config.ProvenanceConfig;
import io.safetyplane.service.Failure;
import io.safetyplane.service.kafka.EventPublisher;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The after-generation gate: the classifier-service classifies the output (stage output, over gRPC, with a
 * deadline); a block verdict withholds it and emits a {@link Violation}, a review verdict withholds it (unless
 * configured to release), an allow verdict signs and releases it. It fails closed: when the classification does
 * not come back, or the media is of a kind the classifier cannot check (audio), nothing is signed or released.
 */
@ApplicationScoped // a client proxy: the gRPC service that injects it starts before the messaging emitters are connected
public class ReleaseGate {
    private static final Logger LOG = Logger.getLogger(ReleaseGate.class);
    /** The detector of the violations: the classifier's verdict decided. */
    static final String DETECTOR = "classifier-service";

    /** One output to release. */
    public record Request(RequestContext context, byte[] media, String contentType, String model, String modelVersion,
            String contentId, String classifierModel) {
    }

    /** What the gate did. */
    public record Outcome(Action decision, boolean released, ManifestSigner.Signed signed, ClassifyResponse classification,
            String violationEventId, List<String> reasons) {
    }

    private final Provenance provenance;
    private final MediaClassifierGrpc.MediaClassifierBlockingStub classifier;
    private final ProvenanceConfig config;
    private final EventPublisher events;
    private final MeterRegistry meters;

    @Inject
    public ReleaseGate(Provenance provenance, @GrpcClient("classifier") MediaClassifierGrpc.MediaClassifierBlockingStub classifier,
            ProvenanceConfig config, @Channel("violations") MutinyEmitter<byte[]> violations, MeterRegistry meters) {
        this.provenance = provenance;
        this.classifier = classifier;
        this.config = config;
        this.meters = meters;
        // the gate emits violations only: the classifier-service records the decision of every classification
        this.events = new EventPublisher(LOG, violations, null, "provenance", "release", "the output must be withheld",
                config.events().source(), config.events().violationSendTimeout(), meters);
    }

    public Outcome release(Request r) {
        AssetFormat format = provenance.format(r.media(), r.contentType());
        if (r.model() == null || r.model().isBlank()) {
            throw ProvenanceFailures.generatorRequired();
        }
        if (format == AssetFormat.WAV || format == AssetFormat.MP3) {
            throw new Failure(Failure.Kind.UNPROCESSABLE, "not-classifiable", "Output cannot be checked",
                    "the classifier-service checks images and video, not " + format.name()
                            + " audio; the gate releases nothing it has not checked (sign audio with /v1/media:sign after your own checks)");
        }
        ClassifyResponse verdict = classify(r);
        String sha256 = verdict.getContentSha256().isEmpty() ? Provenance.sha256(r.media()) : verdict.getContentSha256();
        List<String> reasons = new ArrayList<>();
        for (RuleResult rule : verdict.getRulesList()) {
            if (rule.getAction() != Action.ACTION_ALLOW) {
                reasons.add(rule.getRule() + ":" + rule.getAction().name().substring("ACTION_".length()).toLowerCase(Locale.ROOT));
            }
        }
        Action decision = verdict.getDecision();
        if (decision == Action.ACTION_BLOCK || decision == Action.ACTION_BLOCK_AND_REPORT) {
            String seed = r.context().getRequestId().isEmpty() ? null
                    : "provenance-service|" + r.context().getTenantId() + "|" + r.context().getRequestId() + "|" + sha256;
            String eventId = EventPublisher.eventId("violation", seed);
            events.publishViolation(eventId, r.context(), violation(eventId, r, verdict, sha256).toByteArray());
            count("withheld", decision);
            return new Outcome(decision, false, null, verdict, eventId, reasons);
        }
        if (decision == Action.ACTION_REVIEW && !config.gate().releaseOnReview()) {
            count("withheld", decision);
            return new Outcome(decision, false, null, verdict, "", reasons);
        }
        if (decision != Action.ACTION_ALLOW && decision != Action.ACTION_REVIEW) {
            throw ProvenanceFailures.classifierUnavailable("the classifier answered without a decision (" + decision + ")");
        }
        ManifestSigner.Signed signed = provenance.sign(new Provenance.SignRequest(r.media(), r.contentType(), r.model(),
                r.modelVersion(), null));
        count("released", decision);
        return new Outcome(decision, true, signed, verdict, "", reasons);
    }

    private ClassifyResponse classify(Request r) {
        ClassifyRequest.Builder req = ClassifyRequest.newBuilder()
                .setContext(r.context())
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(r.media()))
                        .setContentType(r.contentType() == null ? "" : r.contentType()))
                .setStage(ContentStage.CONTENT_STAGE_OUTPUT)
                .setContentId(r.contentId() == null ? "" : r.contentId());
        if (r.classifierModel() != null) {
            req.setModel(r.classifierModel());
        }
        try {
            return classifier.withDeadlineAfter(config.gate().classifierTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .classify(req.build());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String detail = code + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
            Counter.builder("provenance_gate_classifier_failures").tag("code", code.name())
                    .description("Classifications of outputs that failed, by gRPC status").register(meters).increment();
            switch (code) {
                case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, OUT_OF_RANGE -> throw new Failure(Failure.Kind.UNPROCESSABLE,
                        "classification-refused", "The classifier refused the output", detail);
                case RESOURCE_EXHAUSTED -> throw Failure.tooManyRequests("classifier-busy", "Classifier busy",
                        "the classifier-service's queue is full (" + detail + "); retry shortly", java.util.Map.of(), 1);
                default -> {
                    LOG.warnf("classifying output %s of request %s failed: %s", r.contentId(), r.context().getRequestId(), detail);
                    throw ProvenanceFailures.classifierUnavailable(detail);
                }
            }
        }
    }

    private static Violation violation(String eventId, Request r, ClassifyResponse verdict, String sha256) {
        String category = "sexual";
        Violation.Builder v = Violation.newBuilder()
                .setEventId(eventId)
                .setContext(r.context())
                .setOccurredAtMillis(System.currentTimeMillis())
                .setDetector(DETECTOR)
                .setSeverity(Severity.SEVERITY_MEDIUM)
                .setAction(Action.ACTION_BLOCK)
                .setStage(ContentStage.CONTENT_STAGE_OUTPUT)
                .setContentId(r.contentId() == null ? "" : r.contentId())
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(sha256))
                // a classifier score alone is never grounds for a CyberTipline report: a person decides
                .setReportable(false)
                .setPolicyVersion(verdict.getModelName() + "@" + verdict.getModelVersion());
        for (RuleResult rule : verdict.getRulesList()) {
            if (rule.getAction() == verdict.getDecision()) {
                category = rule.getCategory().isEmpty() ? category : rule.getCategory();
                v.addEvidence(Evidence.newBuilder().setKind("classifier-rule").setName(rule.getRule())
                        .setDetail(String.join("+", rule.getLabelsList()) + " " + String.format(Locale.ROOT, "%.4f", rule.getScore()))
                        .setScore(rule.getScore()));
            }
        }
        for (LabelScore s : verdict.getScoresList()) {
            v.addEvidence(Evidence.newBuilder().setKind("classifier-label").setName(s.getLabel())
                    .setDetail(String.format(Locale.ROOT, "%.4f", s.getScore())).setScore(s.getScore()));
        }
        return v.setCategory(category).build();
    }

    private void count(String outcome, Action decision) {
        Counter.builder("provenance_gate_outputs").tag("outcome", outcome)
                .tag("decision", decision.name().substring("ACTION_".length()).toLowerCase(Locale.ROOT))
                .description("Outputs through the after-generation gate").register(meters).increment();
    }
}

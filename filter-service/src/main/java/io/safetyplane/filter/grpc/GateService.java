package io.safetyplane.filter.grpc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.grpc.GrpcService;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.filter.v1.ClassificationSummary;
import io.safetyplane.contracts.filter.v1.Gate;
import io.safetyplane.contracts.filter.v1.HashMatchSummary;
import io.safetyplane.contracts.filter.v1.HashSummary;
import io.safetyplane.contracts.filter.v1.RuleScore;
import io.safetyplane.contracts.filter.v1.ScreenReason;
import io.safetyplane.contracts.filter.v1.ScreenRequest;
import io.safetyplane.contracts.filter.v1.ScreenResponse;
import io.safetyplane.contracts.filter.v1.StandingSummary;
import io.safetyplane.contracts.hash.v1.Match;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.filter.service.BeforeGenerationGate;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.mutiny.Uni;

/**
 * gRPC {@code safety.filter.v1.Gate}, the mirror of {@code POST /v1/requests:screen}. Errors are gRPC statuses whose
 * description starts with the REST problem type and which carry a {@code google.rpc.ErrorInfo}; for
 * {@code check-unavailable} (UNAVAILABLE) its metadata {@code checks} names the missing checks, comma-separated.
 */
@GrpcService
public class GateService implements Gate {
    private static final Logger LOG = Logger.getLogger(GateService.class);

    private final BeforeGenerationGate gate;

    public GateService(BeforeGenerationGate gate) {
        this.gate = gate;
    }

    @Override
    public Uni<ScreenResponse> screen(ScreenRequest request) {
        Uni<BeforeGenerationGate.Screening> screening;
        try {
            screening = gate.screen(new BeforeGenerationGate.Request(request.getContext(), request.getPrompt(),
                    request.hasImage() ? request.getImage().getData() : null,
                    request.hasImage() ? request.getImage().getContentType() : null, request.getContentId()));
        } catch (Failure f) {
            return Uni.createFrom().failure(status(f));
        }
        return screening.map(GateService::response).onFailure().transform(t -> {
            if (t instanceof Failure f) {
                return status(f);
            }
            LOG.error("screening failed unexpectedly", t);
            return io.grpc.Status.INTERNAL.withDescription("internal-error: the request failed unexpectedly; it was logged")
                    .asRuntimeException();
        });
    }

    /** The failure as a status; list members (the missing checks) become comma-separated ErrorInfo metadata. */
    private static RuntimeException status(Failure f) {
        Map<String, Object> ext = new LinkedHashMap<>();
        f.extensions().forEach((k, v) -> ext.put(k, v instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList()) : v));
        return GrpcFailures.status(new Failure(f.kind(), f.type(), f.title(), f.getMessage(), ext, f.retryAfterSeconds()));
    }

    static ScreenResponse response(BeforeGenerationGate.Screening s) {
        ScreenResponse.Builder r = ScreenResponse.newBuilder().setDecision(s.decision())
                .addAllViolationEventIds(s.violationEventIds()).addAllUnavailable(s.unavailable());
        for (BeforeGenerationGate.Reason reason : s.reasons()) {
            r.addReasons(ScreenReason.newBuilder().setCheck(reason.check()).setAction(reason.action()).setDetail(reason.detail()));
        }
        if (s.standing() != null) {
            r.setStanding(StandingSummary.newBuilder().setState(BeforeGenerationGate.id(s.standing().getState()))
                    .setUntilMillis(s.standing().getUntilMillis()));
        }
        if (s.prompt() != null) {
            r.setPrompt(PromptFilterService.response("", s.prompt()));
        }
        if (s.hash() != null) {
            MatchResponse m = s.hash();
            HashSummary.Builder h = HashSummary.newBuilder().setAction(BeforeGenerationGate.action(m.getAction()));
            for (Match match : m.getMatchesList()) {
                h.addMatches(HashMatchSummary.newBuilder().setBank(match.getBank()).setSignalType(match.getSignalType())
                        .setDistance(match.getDistance()).setExternalId(match.getExternalId())
                        .setAction(BeforeGenerationGate.action(match.getAction())));
            }
            r.setHash(h);
        }
        if (s.classification() != null) {
            ClassifyResponse c = s.classification();
            ClassificationSummary.Builder b = ClassificationSummary.newBuilder().setDecision(c.getDecision()).setModel(c.getModelId());
            for (RuleResult rule : c.getRulesList()) {
                b.addRules(RuleScore.newBuilder().setRule(rule.getRule()).setScore(rule.getScore()).setAction(rule.getAction()));
            }
            r.setClassification(b);
        }
        return r.build();
    }
}

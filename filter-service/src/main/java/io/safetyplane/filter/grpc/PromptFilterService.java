package io.safetyplane.filter.grpc;

import org.jboss.logging.Logger;

import io.quarkus.grpc.GrpcService;
import io.safetyplane.contracts.filter.v1.CategoryVerdict;
import io.safetyplane.contracts.filter.v1.CheckRequest;
import io.safetyplane.contracts.filter.v1.CheckResponse;
import io.safetyplane.contracts.filter.v1.Error;
import io.safetyplane.contracts.filter.v1.Finding;
import io.safetyplane.contracts.filter.v1.Hit;
import io.safetyplane.contracts.filter.v1.PromptFilter;
import io.safetyplane.contracts.filter.v1.Span;
import io.safetyplane.contracts.filter.v1.Suppression;
import io.safetyplane.filter.engine.Verdict;
import io.safetyplane.filter.service.PromptChecks;
import io.safetyplane.filter.service.Wire;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * gRPC {@code safety.filter.v1.PromptFilter}. Errors are gRPC statuses whose description starts with
 * the same problem type as the REST API ({@code "unknown-tenant: ..."}) and which carry a
 * {@code google.rpc.ErrorInfo}; inside a {@code CheckStream} an error answers only its own item.
 */
@GrpcService
public class PromptFilterService implements PromptFilter {
    private static final Logger LOG = Logger.getLogger(PromptFilterService.class);

    private final PromptChecks checks;

    public PromptFilterService(PromptChecks checks) {
        this.checks = checks;
    }

    @Override
    @Blocking
    public Uni<CheckResponse> check(CheckRequest request) {
        return Uni.createFrom().item(() -> {
            try {
                return checkOne(request);
            } catch (Failure f) {
                throw GrpcFailures.status(f);
            }
        });
    }

    @Override
    public Multi<CheckResponse> checkStream(Multi<CheckRequest> requests) {
        return requests.emitOn(Infrastructure.getDefaultWorkerPool()).map(request -> {
            try {
                return checkOne(request);
            } catch (Failure f) {
                Error.Builder e = Error.newBuilder().setType(f.type()).setDetail(f.getMessage());
                Object reason = f.extensions().get("reason");
                if (reason != null) {
                    e.setReason(reason.toString());
                }
                return CheckResponse.newBuilder().setItemId(request.getItemId()).setError(e).build();
            } catch (RuntimeException e) {
                LOG.error("unexpected error in a check stream", e);
                return CheckResponse.newBuilder().setItemId(request.getItemId())
                        .setError(Error.newBuilder().setType("internal-error").setDetail("the item failed unexpectedly; it was logged"))
                        .build();
            }
        });
    }

    private CheckResponse checkOne(CheckRequest request) {
        PromptChecks.Outcome o = switch (request.getContentCase()) {
            case PROMPT -> checks.check(request.getContext(), request.getPrompt(), request.getItemId());
            case PROMPT_UTF8 -> checks.checkUtf8(request.getContext(), request.getPromptUtf8().toByteArray(), request.getItemId());
            case CONTENT_NOT_SET -> checks.check(request.getContext(), null, request.getItemId());
        };
        return response(request.getItemId(), o);
    }

    /** A check's outcome as {@code safety.filter.v1.CheckResponse}. */
    static CheckResponse response(String itemId, PromptChecks.Outcome o) {
        Verdict v = o.verdict();
        CheckResponse.Builder r = CheckResponse.newBuilder()
                .setItemId(itemId)
                .setDecision(Wire.action(v.decision()))
                .setPolicyVersion(v.policyVersion())
                .setPromptSha256(o.promptSha256())
                .setDecisionEventId(o.decisionEventId());
        if (o.violationEventId() != null) {
            r.setViolationEventId(o.violationEventId());
        }
        for (io.safetyplane.filter.engine.CategoryVerdict c : v.categories()) {
            r.addCategories(CategoryVerdict.newBuilder()
                    .setCategory(c.category().id())
                    .setScore(c.score())
                    .setSeverity(Wire.severity(c.severity()))
                    .setAction(Wire.action(c.action()))
                    .addAllHazards(c.category().hazards()));
        }
        for (io.safetyplane.filter.engine.Finding f : v.findings()) {
            Finding.Builder b = Finding.newBuilder().setRule(f.rule()).setCategory(f.category().id()).setScore(f.score())
                    .setDetail(f.detail() == null ? "" : f.detail());
            f.hits().forEach(h -> b.addHits(hit(h)));
            r.addFindings(b);
        }
        for (io.safetyplane.filter.engine.Suppression s : v.suppressed()) {
            r.addSuppressed(Suppression.newBuilder().setHit(hit(s.hit())).setAllowPhrase(s.allowPhrase()).setList(s.list())
                    .setSpan(span(s.span())));
        }
        return r.build();
    }

    private static Hit hit(io.safetyplane.filter.engine.Hit h) {
        return Hit.newBuilder().setSignal(h.signal()).setTerm(h.term()).setList(h.list()).setView(h.view()).setSpan(span(h.span()))
                .build();
    }

    private static Span span(io.safetyplane.filter.engine.Span s) {
        return Span.newBuilder().setStart(s.start()).setEnd(s.end()).setCodePointStart(s.codePointStart())
                .setCodePointEnd(s.codePointEnd()).setText(s.text()).build();
    }
}

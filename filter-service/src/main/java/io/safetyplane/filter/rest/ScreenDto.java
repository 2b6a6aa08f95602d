package io.safetyplane.filter.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.filter.service.BeforeGenerationGate;
import io.safetyplane.service.rest.RequestContextDto;

/** JSON shapes of the before-generation gate ({@code POST /v1/requests:screen}). */
public final class ScreenDto {
    private ScreenDto() {
    }

    private static final String ACTIONS = "allow, review, block, block_and_report";

    @Schema(name = "ScreenRequest", description = "A generation request to screen: who asks (context.tenantId and context.accountId are "
            + "required), the prompt, and the id of the init image sent as the multipart part 'image'")
    public record Request(RequestContextDto context,
            @Schema(description = "The prompt, at most filter-service.max-prompt-chars UTF-16 code units (default 32768)") String prompt,
            @Schema(description = "The upload's id, carried into the events of the image checks") String contentId) {
    }

    @Schema(name = "ScreenReason", description = "One check that contributed an action other than allow")
    public record Reason(@Schema(enumeration = { "standing", "prompt", "hash", "classifier" }) String check,
            @Schema(enumeration = { "allow", "review", "block", "block_and_report" }) String action,
            @Schema(description = "What the check found, for people") String detail) {
    }

    @Schema(name = "StandingSummary", description = "The account's standing (the end user's, when the context names one)")
    public record StandingView(@Schema(enumeration = { "active", "warned", "restricted", "suspended", "disabled" }) String state,
            @Schema(description = "End of a suspension; null otherwise") Instant until) {
    }

    @Schema(name = "HashMatchSummary")
    public record MatchView(String bank, @Schema(description = "pdq, md5 or sha256") String signalType,
            @Schema(description = "Hamming distance for PDQ; 0 for exact signals") int distance,
            @Schema(description = "Id the hash list gave the entry") String externalId,
            @Schema(enumeration = { "review", "block", "block_and_report" }) String action) {
    }

    @Schema(name = "HashSummary", description = "The hash match of the init image")
    public record HashView(@Schema(enumeration = { "allow", "review", "block", "block_and_report" },
            description = "The strongest action among the matches; allow when nothing matched") String action,
            List<MatchView> matches) {
        static HashView of(MatchResponse m) {
            return new HashView(BeforeGenerationGate.id(BeforeGenerationGate.action(m.getAction())),
                    m.getMatchesList().stream().map(x -> new MatchView(x.getBank(), x.getSignalType(), x.getDistance(),
                            x.getExternalId().isEmpty() ? null : x.getExternalId(),
                            BeforeGenerationGate.id(BeforeGenerationGate.action(x.getAction())))).toList());
        }
    }

    @Schema(name = "RuleScore")
    public record RuleView(String rule, double score, @Schema(enumeration = { "allow", "review", "block" }) String action) {
    }

    @Schema(name = "ClassificationSummary", description = "The classification of the init image")
    public record ClassificationView(@Schema(enumeration = { "allow", "review", "block" }) String decision,
            @Schema(description = "Registry id of the model that decided") String model, List<RuleView> rules) {
        static ClassificationView of(ClassifyResponse c) {
            return new ClassificationView(BeforeGenerationGate.id(c.getDecision()), c.getModelId(),
                    c.getRulesList().stream().map(r -> new RuleView(r.getRule(), r.getScore(), BeforeGenerationGate.id(r.getAction())))
                            .toList());
        }
    }

    @Schema(name = "ScreenResponse", description = "One decision on a generation request, with the reason of every check that "
            + "contributed and what each check found")
    public record Response(
            @Schema(enumeration = { "allow", "review", "block", "block_and_report" },
                    description = "The strictest of the checks: " + ACTIONS) String decision,
            List<Reason> reasons,
            @Schema(description = "Null when the standing could not be read (then only on a block)") StandingView standing,
            @Schema(description = "The prompt verdict, as POST /v1/prompts:check answers it") Dto.CheckResponse prompt,
            @Schema(description = "Null without an init image, or when it was not matched") HashView hash,
            @Schema(description = "Null without an init image, or when it was not classified") ClassificationView classification,
            @Schema(description = "Violation events the checks emitted on safety.violations.v1") List<String> violationEventIds,
            @Schema(description = "Checks that could not be done; only ever non-empty on a block") List<String> unavailable) {
        static Response of(RequestContextDto context, BeforeGenerationGate.Screening s) {
            return new Response(BeforeGenerationGate.id(s.decision()),
                    s.reasons().stream().map(r -> new Reason(r.check(), BeforeGenerationGate.id(r.action()), r.detail())).toList(),
                    s.standing() == null ? null : new StandingView(BeforeGenerationGate.id(s.standing().getState()),
                            s.standing().getUntilMillis() > 0 ? Instant.ofEpochMilli(s.standing().getUntilMillis()) : null),
                    s.prompt() == null ? null : Dto.CheckResponse.of(context, s.prompt()),
                    s.hash() == null ? null : HashView.of(s.hash()),
                    s.classification() == null ? null : ClassificationView.of(s.classification()),
                    s.violationEventIds(), s.unavailable());
        }
    }
}

package io.safetyplane.filter.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.engine.CategoryVerdict;
import io.safetyplane.filter.engine.Finding;
import io.safetyplane.filter.engine.Hit;
import io.safetyplane.filter.engine.Span;
import io.safetyplane.filter.engine.Suppression;
import io.safetyplane.filter.engine.Verdict;
import io.safetyplane.filter.service.PromptChecks;
import io.safetyplane.service.rest.RequestContextDto;

/** JSON shapes of the REST API. */
public final class Dto {
    private Dto() {
    }

    @Schema(description = "A prompt to check and who asks; context.tenantId is required")
    public record CheckRequest(RequestContextDto context,
            @Schema(description = "The prompt, at most filter-service.max-prompt-chars UTF-16 code units (default 32768)") String prompt) {
    }

    @Schema(description = "A range of the original prompt")
    public record SpanView(@Schema(description = "UTF-16 offset, as Java and JavaScript count") int start, int end,
            @Schema(description = "Code-point offset, as Python and Go count") int codePointStart, int codePointEnd,
            @Schema(description = "The original text of the range") String text) {
        static SpanView of(Span s) {
            return new SpanView(s.start(), s.end(), s.codePointStart(), s.codePointEnd(), s.text());
        }
    }

    public record HitView(@Schema(description = "What the term indicates: minor, sexual, deny, ...") String signal,
            @Schema(description = "The term as written in its lexicon") String term,
            @Schema(description = "Lexicon: en, ja, age, tenant:<id>, ...") String list,
            @Schema(description = "Normalised view it was found in: text, skeleton, leet, collapsed, joined, concat") String view,
            SpanView span) {
        static HitView of(Hit h) {
            return new HitView(h.signal(), h.term(), h.list(), h.view(), SpanView.of(h.span()));
        }
    }

    public record FindingView(@Schema(description = "Rule id, e.g. csam.minor-sexualised") String rule, String category,
            double score, List<HitView> hits, @Schema(description = "What the rule saw beyond the hits, e.g. 'age 12'") String detail) {
        static FindingView of(Finding f) {
            return new FindingView(f.rule(), f.category().id(), f.score(), f.hits().stream().map(HitView::of).toList(), f.detail());
        }
    }

    public record CategoryView(String category, double score,
            @Schema(enumeration = { "low", "medium", "high", "critical" }) String severity,
            @Schema(enumeration = { "allow", "review", "block", "block_and_report" }) String action,
            @Schema(description = "MLCommons AI hazard taxonomy codes") List<String> hazards) {
        static CategoryView of(CategoryVerdict c) {
            return new CategoryView(c.category().id(), c.score(), c.severity().name().toLowerCase(Locale.ROOT),
                    c.action().id(), c.category().hazards());
        }
    }

    public record SuppressionView(HitView hit, String allowPhrase, String list, SpanView span) {
        static SuppressionView of(Suppression s) {
            return new SuppressionView(HitView.of(s.hit()), s.allowPhrase(), s.list(), SpanView.of(s.span()));
        }
    }

    @Schema(description = "The verdict on a prompt, explained: categories, the rules that fired with their terms and spans, "
            + "allow-phrases that suppressed hits, the policy version, and the ids of the events emitted")
    public record CheckResponse(String requestId, String tenantId,
            @Schema(enumeration = { "allow", "review", "block", "block_and_report" },
                    description = "The strictest action of every category that fired") String decision,
            @Schema(description = "Global policy version and the tenant's revision") String policyVersion,
            List<CategoryView> categories, List<FindingView> findings, List<SuppressionView> suppressed,
            @Schema(description = "SHA-256 of the prompt's UTF-8 bytes, as carried by the events") String promptSha256,
            String decisionEventId,
            @Schema(description = "Set when the decision is block_and_report") String violationEventId) {
        static CheckResponse of(RequestContextDto context, PromptChecks.Outcome o) {
            Verdict v = o.verdict();
            return new CheckResponse(context.requestId(), context.tenantId(), v.decision().id(), v.policyVersion(),
                    v.categories().stream().map(CategoryView::of).toList(),
                    v.findings().stream().map(FindingView::of).toList(),
                    v.suppressed().stream().map(SuppressionView::of).toList(),
                    o.promptSha256(), o.decisionEventId(), o.violationEventId());
        }
    }

    @Schema(description = "A tenant's whole policy; what is not named keeps the global policy. PUT replaces the policy.")
    public record PolicyRequest(
            @Schema(description = "Category id to action id; csam cannot be set below block_and_report, ncii below block",
                    example = "{\"sexual\": \"allow\", \"violence\": \"review\"}") Map<String, String> categoryActions,
            List<DenyTermView> denyTerms,
            @Schema(description = "Phrases whose words never count against a prompt (except towards csam)") List<String> allowPhrases) {
    }

    public record DenyTermView(String term,
            @Schema(description = "Category a hit counts towards, usually custom") String category) {
    }

    @Schema(description = "A tenant's policy as stored, with the action every category gets for this tenant")
    public record PolicyView(String tenantId, long revision, Map<String, String> categoryActions, List<DenyTermView> denyTerms,
            List<String> allowPhrases, String changedBy, Instant changedAt,
            @Schema(description = "The global action of every category, overlaid with the tenant's") Map<String, String> effectiveActions,
            @Schema(description = "The policy version verdicts of this tenant name") String policyVersion,
            @Schema(description = "Set when the stored policy cannot be applied (the global policy is used meanwhile)") List<String> problems) {
        static PolicyView of(PolicyChange r, Map<String, String> effective, String globalVersion, List<String> problems) {
            return new PolicyView(r.getTenantId(), r.getRevision(), new TreeMap<>(r.getCategoryActionsMap()),
                    r.getDenyTermsList().stream().map(t -> new DenyTermView(t.getTerm(), t.getCategory())).toList(),
                    r.getAllowPhrasesList(), r.getChangedBy(), Instant.ofEpochMilli(r.getChangedAtMillis()), effective,
                    globalVersion + "/" + r.getTenantId() + "@" + r.getRevision(), problems);
        }
    }

    public record CategorySettingView(String category, String description, String severity, String action,
            @Schema(description = "MLCommons AI hazard taxonomy codes") List<String> hazards) {
    }

    @Schema(description = "The global policy")
    public record GlobalPolicyView(String policyVersion, List<String> languages, int maxPromptChars, List<String> openTenants,
            List<CategorySettingView> categories) {
    }
}

package io.safetyplane.filter.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.Standing;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.hash.v1.Match;
import io.safetyplane.contracts.hash.v1.MatchAction;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.filter.client.AccountStandings;
import io.safetyplane.filter.client.Call;
import io.safetyplane.filter.client.HashMatches;
import io.safetyplane.filter.client.MediaClassifications;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.CategoryVerdict;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The before-generation gate: one decision on a generation request before any generation runs. The account's
 * standing (enforcement-service, cached briefly) is read while the prompt is checked; then an init image is
 * hash-matched (hash-service) and, unless the standing already blocks, classified (classifier-service) at the same
 * time, each with its own deadline. The hash match runs for a blocked account too: known CSAM is preserved and
 * reported whoever uploads it. The decision is the strictest of the checks.
 *
 * <p>It fails closed: a check the request needs that cannot be done never lets it through. When another check blocks,
 * the block is answered and names the missing checks; otherwise the request fails with 503 {@code check-unavailable}.
 * A downstream refusal that is the request's fault (an unsupported or oversized image) is answered as that refusal.
 */
@ApplicationScoped
public class BeforeGenerationGate {
    private static final Logger LOG = Logger.getLogger(BeforeGenerationGate.class);
    public static final String STANDING = "standing";
    public static final String PROMPT = "prompt";
    public static final String HASH = "hash";
    public static final String CLASSIFIER = "classifier";
    /** Longest content id accepted (it is carried into the image checks' events). */
    public static final int MAX_CONTENT_ID_CHARS = PromptChecks.MAX_CONTEXT_FIELD_CHARS;

    /** One generation request to screen. {@code image} is null when the request has no init image. */
    public record Request(RequestContext context, String prompt, ByteString image, String imageContentType, String contentId) {
    }

    /** Why the decision is what it is: one check that contributed an action other than allow. */
    public record Reason(String check, Action action, String detail) {
    }

    /**
     * The gate's answer.
     *
     * @param standing null when it could not be read
     * @param prompt null when the prompt could not be checked (only on a block by another check)
     * @param hash null when there was no image or it was not matched
     * @param classification null when there was no image or it was not classified
     */
    public record Screening(Action decision, List<Reason> reasons, Standing standing, PromptChecks.Outcome prompt,
            MatchResponse hash, ClassifyResponse classification, List<String> violationEventIds, List<String> unavailable) {
    }

    private final PromptChecks prompts;
    private final AccountStandings standings;
    private final HashMatches hashes;
    private final MediaClassifications classifier;
    private final long maxImageBytes;
    private final MeterRegistry meters;
    private final Map<String, Counter> unavailableCounters = new LinkedHashMap<>();

    public BeforeGenerationGate(PromptChecks prompts, AccountStandings standings, HashMatches hashes,
            MediaClassifications classifier, FilterServiceConfig config, MeterRegistry meters) {
        this.prompts = prompts;
        this.standings = standings;
        this.hashes = hashes;
        this.classifier = classifier;
        this.maxImageBytes = config.gate().maxImageBytes();
        this.meters = meters;
        for (String check : List.of(STANDING, PROMPT, HASH, CLASSIFIER)) {
            unavailableCounters.put(check, Counter.builder("gate_check_unavailable").tag("check", check)
                    .description("Checks of the before-generation gate that could not be done (down, deadline exceeded)")
                    .register(meters));
        }
    }

    /**
     * Screens one request.
     *
     * @throws Failure synchronously for a request that is refused before any check: {@code invalid-context},
     *         {@code missing-prompt}, {@code empty-media}, {@code image-too-large}, {@code invalid-request}; the
     *         returned {@code Uni} fails with {@code check-unavailable}, a prompt refusal (as {@code prompts:check}),
     *         or a downstream's refusal of the image
     */
    public Uni<Screening> screen(Request r) {
        validate(r);
        long t0 = System.nanoTime();
        RequestContext context = r.context();
        Uni<Call<Standing>> standing = standings.lookup(context);
        Uni<Call<PromptChecks.Outcome>> prompt = Uni.createFrom().item(() -> Call.done(prompts.check(context, r.prompt(), "")))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(t -> t instanceof Failure f && f.kind() == Kind.UNAVAILABLE)
                .recoverWithItem(t -> Call.unavailable(((Failure) t).type() + ": " + t.getMessage()));
        return Uni.combine().all().unis(standing, prompt).asTuple().flatMap(first -> {
            Call<Standing> s = first.getItem1();
            Call<PromptChecks.Outcome> p = first.getItem2();
            if (r.image() == null) {
                return Uni.createFrom().item(decide(r, s, p, null, null));
            }
            Uni<Call<MatchResponse>> hash = hashes.match(context, r.image(), r.imageContentType(), r.contentId());
            if (blocks(s)) {
                // blocked already, so no classification; but known CSAM is matched whoever uploads it: a provider that
                // learns of it must preserve and report it (the hash-service does), a suspended account included
                return hash.map(h -> decide(r, s, p, h, null));
            }
            Uni<Call<ClassifyResponse>> classification = classifier.classify(context, r.image(), r.imageContentType(), r.contentId());
            return Uni.combine().all().unis(hash, classification).asTuple()
                    .map(images -> decide(r, s, p, images.getItem1(), images.getItem2()));
        }).onItemOrFailure().invoke((screening, failure) -> {
            String outcome = screening != null ? id(screening.decision())
                    : failure instanceof Failure f && f.type().equals("check-unavailable") ? "unavailable"
                    : failure instanceof Failure f && f.kind() != Kind.UNAVAILABLE ? "refused" : "error";
            Timer.builder("gate_screen_seconds").tag("decision", outcome)
                    .description("Screening one generation request at the before-generation gate, by decision "
                            + "(unavailable: a needed check could not be done; refused: the request was refused)")
                    .publishPercentiles(0.5, 0.99).register(meters).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
    }

    private void validate(Request r) {
        RequestContext c = r.context();
        if (c == null || c.getTenantId().isEmpty()) {
            throw FilterFailures.invalidContext("context.tenantId is required: it selects the tenant's prompt policy");
        }
        if (c.getAccountId().isEmpty()) {
            throw FilterFailures.invalidContext("context.accountId is required: the gate checks the account's standing");
        }
        PromptChecks.validate(c);
        if (r.prompt() == null) {
            throw FilterFailures.missingPrompt();
        }
        if (r.contentId() != null && r.contentId().length() > MAX_CONTENT_ID_CHARS) {
            throw Failure.invalid("invalid-request", "Invalid request", "contentId is longer than " + MAX_CONTENT_ID_CHARS + " characters");
        }
        if (r.imageContentType() != null && r.imageContentType().length() > MAX_CONTENT_ID_CHARS) {
            throw Failure.invalid("invalid-request", "Invalid request", "the image's content type is longer than "
                    + MAX_CONTENT_ID_CHARS + " characters");
        }
        if (r.image() != null) {
            if (r.image().isEmpty()) {
                throw Failure.invalid("empty-media", "Empty image", "the init image has no bytes; leave it out for a prompt-only request");
            }
            if (r.image().size() > maxImageBytes) {
                throw imageTooLarge(r.image().size(), maxImageBytes);
            }
        }
    }

    public static Failure imageTooLarge(long bytes, long limit) {
        return new Failure(Kind.TOO_LARGE, "image-too-large", "Image too large",
                "the init image has " + bytes + " bytes; the limit is " + limit + " (filter-service.gate.max-image-bytes)");
    }

    private static boolean blocks(Call<Standing> s) {
        return s.isDone() && standingAction(s.value().getState()) != Action.ACTION_ALLOW;
    }

    private static Action standingAction(StandingState state) {
        return switch (state) {
            case STANDING_STATE_RESTRICTED, STANDING_STATE_SUSPENDED, STANDING_STATE_DISABLED -> Action.ACTION_BLOCK;
            default -> Action.ACTION_ALLOW;
        };
    }

    private Screening decide(Request r, Call<Standing> standing, Call<PromptChecks.Outcome> prompt, Call<MatchResponse> hash,
            Call<ClassifyResponse> classification) {
        List<Reason> reasons = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        List<Failure> refusals = new ArrayList<>();
        List<String> violations = new ArrayList<>();

        if (standing.isDone()) {
            Standing s = standing.value();
            Action a = standingAction(s.getState());
            if (a != Action.ACTION_ALLOW) {
                reasons.add(new Reason(STANDING, a, standingDetail(r.context(), s)));
            }
        } else {
            notDone(STANDING, standing, missing, refusals);
        }
        if (prompt.isDone()) {
            PromptChecks.Outcome o = prompt.value();
            Action a = Wire.action(o.verdict().decision());
            if (a != Action.ACTION_ALLOW) {
                reasons.add(new Reason(PROMPT, a, promptDetail(o)));
            }
            if (o.violationEventId() != null) {
                violations.add(o.violationEventId());
            }
        } else {
            notDone(PROMPT, prompt, missing, refusals);
        }
        if (hash != null) {
            if (hash.isDone()) {
                Action a = action(hash.value().getAction());
                if (a != Action.ACTION_ALLOW) {
                    reasons.add(new Reason(HASH, a, hashDetail(hash.value())));
                }
                violations.addAll(hash.value().getViolationEventIdsList());
            } else {
                notDone(HASH, hash, missing, refusals);
            }
        }
        if (classification != null) {
            if (classification.isDone()) {
                ClassifyResponse c = classification.value();
                if (c.getDecision() != Action.ACTION_ALLOW) {
                    reasons.add(new Reason(CLASSIFIER, c.getDecision(), classifierDetail(c)));
                }
                if (!c.getViolationEventId().isEmpty()) {
                    violations.add(c.getViolationEventId());
                }
            } else {
                notDone(CLASSIFIER, classification, missing, refusals);
            }
        }
        reasons.sort(Comparator.comparing((Reason x) -> x.action().getNumber()).reversed());
        Action decision = reasons.isEmpty() ? Action.ACTION_ALLOW : reasons.get(0).action();
        String who = "request " + r.context().getRequestId() + " of " + r.context().getTenantId() + "/" + r.context().getAccountId();
        if (!missing.isEmpty() || !refusals.isEmpty()) {
            missing.forEach((check, why) -> {
                unavailableCounters.get(check).increment();
                LOG.warnf("%s: the %s check could not be done: %s", who, check, why);
            });
            boolean blocked = decision == Action.ACTION_BLOCK || decision == Action.ACTION_BLOCK_AND_REPORT;
            if (!blocked) {
                if (!refusals.isEmpty()) {
                    throw refusals.get(0);
                }
                throw checkUnavailable(missing);
            }
        }
        List<String> unavailable = new ArrayList<>(missing.keySet());
        refusals.forEach(f -> unavailable.add((String) f.extensions().get("check")));
        if (decision != Action.ACTION_ALLOW) {
            LOG.infof("%s: %s (%s)%s", who, id(decision), reasons.stream().map(x -> x.check() + " " + id(x.action()))
                    .collect(Collectors.joining(", ")), unavailable.isEmpty() ? "" : "; not done: " + unavailable);
        }
        return new Screening(decision, List.copyOf(reasons), standing.value(), prompt.value(),
                hash == null ? null : hash.value(), classification == null ? null : classification.value(),
                List.copyOf(violations), List.copyOf(unavailable));
    }

    private static void notDone(String check, Call<?> call, Map<String, String> missing, List<Failure> refusals) {
        if (call.refused() != null) {
            Map<String, Object> ext = new LinkedHashMap<>(call.refused().extensions());
            ext.put("check", check);
            Failure f = call.refused();
            refusals.add(new Failure(f.kind(), f.type(), f.title(), f.getMessage(), ext, f.retryAfterSeconds()));
        } else {
            missing.put(check, call.unavailable());
        }
    }

    /** 503 naming the checks that could not be done, with why. */
    static Failure checkUnavailable(Map<String, String> missing) {
        String detail = "the gate never allows a request it could not check; not done: " + missing.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining("; "));
        return new Failure(Kind.UNAVAILABLE, "check-unavailable", "Check unavailable", detail,
                Map.of("checks", List.copyOf(missing.keySet())), 1);
    }

    public static Action action(MatchAction a) {
        return switch (a) {
            case MATCH_ACTION_REVIEW -> Action.ACTION_REVIEW;
            case MATCH_ACTION_BLOCK -> Action.ACTION_BLOCK;
            case MATCH_ACTION_BLOCK_AND_REPORT -> Action.ACTION_BLOCK_AND_REPORT;
            default -> Action.ACTION_ALLOW;
        };
    }

    /** "allow", "review", "block" or "block_and_report", as the REST API and the engine name them. */
    public static String id(Action a) {
        return a.name().substring("ACTION_".length()).toLowerCase(Locale.ROOT);
    }

    /** "active", "warned", "restricted", "suspended" or "disabled". */
    public static String id(StandingState s) {
        return s.name().substring("STANDING_STATE_".length()).toLowerCase(Locale.ROOT);
    }

    private static String standingDetail(RequestContext c, Standing s) {
        String subject = c.getEndUserId().isEmpty() ? "account " + c.getAccountId()
                : "end user " + c.getEndUserId() + " of account " + c.getAccountId();
        return subject + " is " + id(s.getState())
                + (s.getUntilMillis() > 0 ? " until " + Instant.ofEpochMilli(s.getUntilMillis()) : "")
                + (s.getSanctionIdsCount() > 0 ? " (sanction " + s.getSanctionIds(0) + ")" : "");
    }

    private static String promptDetail(PromptChecks.Outcome o) {
        return "prompt: " + o.verdict().categories().stream()
                .filter(c -> c.action() != io.safetyplane.filter.engine.Action.ALLOW)
                .map(BeforeGenerationGate::category).collect(Collectors.joining("; "));
    }

    private static String category(CategoryVerdict c) {
        return c.category().id() + " (" + c.severity().name().toLowerCase(Locale.ROOT) + ") -> " + c.action().id();
    }

    private static String hashDetail(MatchResponse m) {
        Match strongest = m.getMatchesList().stream().max(Comparator.comparing(x -> x.getAction().getNumber())).orElseThrow();
        return "matched bank " + strongest.getBank() + " (" + strongest.getSignalType() + " distance " + strongest.getDistance()
                + (strongest.getExternalId().isEmpty() ? "" : ", entry " + strongest.getExternalId()) + ")"
                + (m.getMatchesCount() > 1 ? " and " + (m.getMatchesCount() - 1) + " more" : "");
    }

    private static String classifierDetail(ClassifyResponse c) {
        return "model " + c.getModelId() + ": " + c.getRulesList().stream().filter(x -> x.getAction() == c.getDecision())
                .map(BeforeGenerationGate::rule).collect(Collectors.joining(", "));
    }

    private static String rule(RuleResult r) {
        return r.getRule() + " " + String.format(Locale.ROOT, "%.3f", r.getScore()) + " -> " + id(r.getAction());
    }
}

package io.safetyplane.enforcement.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.ladder.Decision.NoSanction;
import io.safetyplane.enforcement.ladder.Decision.Route;
import io.safetyplane.enforcement.ladder.ViolationFacts.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadderTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Ladder DEFAULTS = new Ladder(LadderPolicy.defaults());

    static ViolationFacts facts(String category, Severity severity, Verdict verdict, Stage stage) {
        return new ViolationFacts("ev-1", "self-serve", "acct-1", "", category, severity, verdict, stage, false,
                "filter-service", T0);
    }

    static ViolationFacts upload(String category, Severity severity) {
        return facts(category, severity, Verdict.BLOCK, Stage.UPLOAD);
    }

    static Sanction sanction(Decision d) {
        return assertInstanceOf(Sanction.class, d, () -> "expected a sanction, got " + d);
    }

    static NoSanction noSanction(Decision d) {
        assertTrue(d.sanction().isEmpty());
        return assertInstanceOf(NoSanction.class, d);
    }

    static Ladder ladder(Map<String, String> props) {
        return new Ladder(LadderPolicy.fromProperties(props, "l"));
    }

    @Test
    void csamHashMatchDisablesAtOnceWithTiplineReviewAndNoSecondReviewer() {
        Violation v = Violation.newBuilder().setEventId("ev-csam")
                .setContext(RequestContext.newBuilder().setTenantId("self-serve").setAccountId("acct-9"))
                .setDetector("hash-service").setCategory("csam")
                .setSeverity(io.safetyplane.contracts.events.v1.Severity.SEVERITY_CRITICAL)
                .setAction(io.safetyplane.contracts.events.v1.Action.ACTION_BLOCK_AND_REPORT)
                .setReportable(true).setOccurredAtMillis(T0.toEpochMilli()).build();

        Sanction s = sanction(DEFAULTS.decide(ViolationFacts.of(v), List.of(), T0));

        assertEquals(Action.DISABLE, s.action());
        assertEquals(Step.disable(), s.step());
        assertFalse(s.needsSecondReviewer());
        assertTrue(s.tiplineReview());
        assertNull(s.until());
        assertEquals(Decision.ZERO_TOLERANCE, s.reason());
        assertEquals("enforcement.ladder.csam.zero-tolerance=true", s.rule());
        assertEquals("ev-csam", s.violationEventId());
        assertEquals(new Target(Target.Kind.ACCOUNT, "self-serve", "acct-9", ""), s.target());
        assertNull(s.strike().expiresAt(), "csam strikes never expire");
        assertEquals(Standing.Level.DISABLED,
                Standing.of(List.of(s.record()), T0.plus(Duration.ofDays(3650)), Duration.ofDays(30)).level());
    }

    @Test
    void csamFromPromptLexiconOrClassifierIsSuspendedPendingSecondReviewer() {
        // critical, but not a hash-bank match: same immediate effect, the permanent step waits for a person
        Sanction prompt = sanction(DEFAULTS.decide(facts("csam", Severity.CRITICAL, Verdict.BLOCK_AND_REPORT, Stage.PROMPT),
                List.of(), T0));
        // a classifier score: medium, not reportable on its own; still queued for tipline review by the rule
        Sanction classifier = sanction(DEFAULTS.decide(new ViolationFacts("ev-2", "self-serve", "acct-1", "", "csam",
                Severity.MEDIUM, Verdict.BLOCK, Stage.UPLOAD, false, "classifier-service", T0), List.of(), T0));
        for (Sanction s : List.of(prompt, classifier)) {
            assertEquals(Action.SUSPEND, s.action());
            assertEquals(Step.disable(), s.step());
            assertNull(s.until());
            assertTrue(s.needsSecondReviewer());
            assertTrue(s.tiplineReview());
            assertEquals(Decision.DISABLE_PENDING_SECOND_REVIEWER, s.reason());
            assertEquals("enforcement.ladder.csam.steps[0]=disable", s.rule());
        }
    }

    @Test
    void sexualUploadWarnsThenSuspends24hThen7dThenDisablePendingSecondReviewer() {
        List<Strike> strikes = new ArrayList<>();
        List<Sanction> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant now = T0.plus(Duration.ofDays(i));
            Sanction s = sanction(DEFAULTS.decide(upload("sexual", Severity.MEDIUM), strikes, now));
            strikes.add(s.strike());
            seen.add(s);
            assertEquals(now, s.at());
            assertEquals(now.plus(Duration.ofDays(180)), s.strike().expiresAt());
        }
        assertEquals(Action.WARN, seen.get(0).action());
        assertEquals(Decision.WARNING, seen.get(0).reason());
        assertNull(seen.get(0).until());
        assertEquals("enforcement.ladder.sexual.steps[0]=warn", seen.get(0).rule());

        assertEquals(Action.SUSPEND, seen.get(1).action());
        assertEquals(seen.get(1).at().plus(Duration.ofHours(24)), seen.get(1).until());
        assertEquals(Decision.STRIKE_THRESHOLD, seen.get(1).reason());
        assertEquals("enforcement.ladder.sexual.steps[1]=suspend:24h", seen.get(1).rule());

        assertEquals(seen.get(2).at().plus(Duration.ofDays(7)), seen.get(2).until());
        assertEquals(3, seen.get(2).stepNumber());

        for (Sanction top : seen.subList(3, 5)) { // the top of the ladder repeats
            assertEquals(Step.disable(), top.step());
            assertEquals(Action.SUSPEND, top.action());
            assertNull(top.until());
            assertTrue(top.needsSecondReviewer());
            assertFalse(top.tiplineReview());
            assertEquals(Decision.DISABLE_PENDING_SECOND_REVIEWER, top.reason());
            assertEquals("enforcement.ladder.sexual.steps[3]=disable", top.rule());
        }
        assertEquals(5, seen.get(4).strikeTotal());
    }

    @Test
    void strikesOutsideTheWindowDoNotCount() {
        Strike at89 = new Strike(Category.SEXUAL, 1, T0.minus(Duration.ofDays(89)), T0.plus(Duration.ofDays(91)));
        Strike at90 = new Strike(Category.SEXUAL, 1, T0.minus(Duration.ofDays(90)), T0.plus(Duration.ofDays(90)));

        assertEquals(Action.WARN, sanction(DEFAULTS.decide(upload("sexual", Severity.MEDIUM), List.of(at90), T0)).action());
        Sanction counted = sanction(DEFAULTS.decide(upload("sexual", Severity.MEDIUM), List.of(at89), T0));
        assertEquals(Action.SUSPEND, counted.action());
        assertEquals(2, counted.strikeTotal());
    }

    @Test
    void expiredStrikesAndStrikesOfOtherCategoriesOrFromTheFutureDoNotCount() {
        Ladder l = ladder(Map.of("l.hate.steps", "warn,suspend:24h", "l.hate.window", "365d", "l.hate.strike-expiry", "30d"));
        ViolationFacts hate = facts("hate", Severity.HIGH, Verdict.BLOCK, Stage.PROMPT);
        Strike expired = new Strike(Category.HATE, 1, T0.minus(Duration.ofDays(31)), T0);
        Strike live = new Strike(Category.HATE, 1, T0.minus(Duration.ofDays(29)), T0.plusSeconds(1));
        Strike otherCategory = new Strike(Category.VIOLENCE, 5, T0.minus(Duration.ofDays(1)), null);
        Strike future = new Strike(Category.HATE, 1, T0.plusSeconds(1), null);

        assertEquals(Action.WARN, sanction(l.decide(hate, List.of(expired, otherCategory, future), T0)).action());
        assertEquals(Action.SUSPEND, sanction(l.decide(hate, List.of(live), T0)).action());
        assertEquals(T0.plus(Duration.ofDays(30)), sanction(l.decide(hate, List.of(), T0)).strike().expiresAt());
    }

    @Test
    void endUserIdFromABusinessTargetsTheEndUserAndNotifiesTheBusiness() {
        Violation v = Violation.newBuilder().setEventId("ev-3")
                .setContext(RequestContext.newBuilder().setTenantId("acme").setAccountId("acct-acme").setEndUserId("eu-42"))
                .setDetector("classifier-service").setCategory("sexual")
                .setSeverity(io.safetyplane.contracts.events.v1.Severity.SEVERITY_MEDIUM)
                .setAction(io.safetyplane.contracts.events.v1.Action.ACTION_BLOCK)
                .setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();

        Sanction s = sanction(DEFAULTS.decide(ViolationFacts.of(v), List.of(), T0));

        assertEquals(Target.Kind.END_USER, s.target().kind());
        assertEquals("eu-42", s.target().endUserId());
        assertEquals("acme/acct-acme/eu-42", s.target().key());
        assertTrue(s.notifyBusiness());
    }

    @Test
    void withoutEndUserIdOrForASelfServeAccountTheAccountIsTheTarget() {
        ViolationFacts business = new ViolationFacts("ev", "acme", "acct-acme", "", "sexual", Severity.MEDIUM, Verdict.BLOCK,
                Stage.UPLOAD, false, "classifier-service", T0);
        ViolationFacts selfServe = new ViolationFacts("ev", "self-serve", "acct-1", "eu-7", "sexual", Severity.MEDIUM,
                Verdict.BLOCK, Stage.UPLOAD, false, "classifier-service", T0);
        for (ViolationFacts f : List.of(business, selfServe)) {
            Sanction s = sanction(DEFAULTS.decide(f, List.of(), T0));
            assertEquals(Target.Kind.ACCOUNT, s.target().kind());
            assertEquals("", s.target().endUserId());
            assertFalse(s.notifyBusiness());
        }
        assertEquals("acme/acct-acme", sanction(DEFAULTS.decide(business, List.of(), T0)).target().key());
    }

    @Test
    void belowMinSeverityIsNotSanctioned() {
        NoSanction low = noSanction(DEFAULTS.decide(upload("sexual", Severity.LOW), List.of(), T0));
        assertEquals(Decision.BELOW_MIN_SEVERITY, low.reason());
        assertEquals(Route.NONE, low.route());
        assertEquals("enforcement.ladder.sexual.min-severity=medium", low.rule());
        assertEquals(Action.WARN, sanction(DEFAULTS.decide(upload("sexual", Severity.MEDIUM), List.of(), T0)).action());
    }

    @Test
    void stageOverrideRaisesMinSeverityForOutputs() {
        NoSanction medium = noSanction(DEFAULTS.decide(facts("sexual", Severity.MEDIUM, Verdict.BLOCK, Stage.OUTPUT),
                List.of(), T0));
        assertEquals(Decision.BELOW_MIN_SEVERITY, medium.reason());
        assertEquals("enforcement.ladder.sexual.output.min-severity=high", medium.rule());
        Sanction high = sanction(DEFAULTS.decide(facts("sexual", Severity.HIGH, Verdict.BLOCK, Stage.OUTPUT), List.of(), T0));
        assertEquals("enforcement.ladder.sexual.output.steps[0]=warn", high.rule());
    }

    @Test
    void stagesFilterLimitsWhereACategorySanctions() {
        Ladder l = ladder(Map.of("l.violence.steps", "warn,disable", "l.violence.stages", "prompt,output"));
        NoSanction upload = noSanction(l.decide(facts("violence", Severity.HIGH, Verdict.BLOCK, Stage.UPLOAD), List.of(), T0));
        assertEquals(Decision.STAGE_NOT_COVERED, upload.reason());
        assertEquals("l.violence.stages=prompt,output", upload.rule());
        assertEquals(Decision.STAGE_NOT_COVERED,
                l.decide(facts("violence", Severity.HIGH, Verdict.BLOCK, Stage.UNSPECIFIED), List.of(), T0).reason());
        sanction(l.decide(facts("violence", Severity.HIGH, Verdict.BLOCK, Stage.PROMPT), List.of(), T0));
        sanction(l.decide(facts("violence", Severity.HIGH, Verdict.BLOCK, Stage.OUTPUT), List.of(), T0));
    }

    @Test
    void allowAndReviewVerdictsDoNotSanction() {
        NoSanction allow = noSanction(DEFAULTS.decide(facts("csam", Severity.CRITICAL, Verdict.ALLOW, Stage.UPLOAD), List.of(), T0));
        assertEquals(Route.NONE, allow.route());
        assertEquals(Decision.VERDICT_ALLOW, allow.reason());

        NoSanction review = noSanction(DEFAULTS.decide(facts("sexual", Severity.HIGH, Verdict.REVIEW, Stage.UPLOAD), List.of(), T0));
        assertEquals(Route.REVIEW_QUEUE, review.route());
        assertEquals(Decision.VERDICT_REVIEW, review.reason());
        assertFalse(review.tiplineReview());

        ViolationFacts reportableReview = new ViolationFacts("ev", "t", "a", "", "csam", Severity.HIGH, Verdict.REVIEW,
                Stage.UPLOAD, true, "classifier-service", T0);
        assertTrue(DEFAULTS.decide(reportableReview, List.of(), T0).tiplineReview(), "a reportable flag is never dropped");
    }

    @Test
    void malformedOrUnknownViolationsGoToTheReviewQueue() {
        Ladder onlySexual = ladder(Map.of("l.sexual.steps", "warn"));
        NoSanction unknown = noSanction(onlySexual.decide(upload("terrorism", Severity.HIGH), List.of(), T0));
        NoSanction noRule = noSanction(onlySexual.decide(upload("violence", Severity.HIGH), List.of(), T0));
        NoSanction noSeverity = noSanction(onlySexual.decide(upload("sexual", Severity.UNSPECIFIED), List.of(), T0));
        NoSanction noVerdict = noSanction(onlySexual.decide(facts("sexual", Severity.HIGH, Verdict.UNSPECIFIED, Stage.UPLOAD),
                List.of(), T0));
        assertEquals(Decision.UNKNOWN_CATEGORY, unknown.reason());
        assertEquals(Decision.NO_LADDER_RULE, noRule.reason());
        assertEquals(Decision.SEVERITY_UNSPECIFIED, noSeverity.reason());
        assertEquals(Decision.VERDICT_UNSPECIFIED, noVerdict.reason());
        for (NoSanction n : List.of(unknown, noRule, noSeverity, noVerdict)) {
            assertEquals(Route.REVIEW_QUEUE, n.route());
        }
    }

    @Test
    void firstSanctionIsAlwaysTheWarningWhateverTheWeight() {
        Sanction first = sanction(DEFAULTS.decide(upload("sexual", Severity.CRITICAL), List.of(), T0));
        assertEquals(Action.WARN, first.action());
        assertEquals(2, first.strike().weight());
        // the heavy strike still counts next time: 2 + 1 = step 3, the 7-day suspension
        Sanction next = sanction(DEFAULTS.decide(upload("sexual", Severity.MEDIUM), List.of(first.strike()), T0.plusSeconds(60)));
        assertEquals(Step.suspend(Duration.ofDays(7)), next.step());
        assertEquals(3, next.strikeTotal());
    }

    @Test
    void nciiSuspendsAtOnceAndDisablesOnTheSecondPendingReview() {
        Sanction first = sanction(DEFAULTS.decide(upload("ncii", Severity.HIGH), List.of(), T0));
        assertEquals(Action.SUSPEND, first.action());
        assertEquals(T0.plus(Duration.ofDays(7)), first.until());
        assertFalse(first.needsSecondReviewer());

        Instant later = T0.plus(Duration.ofDays(200));
        Sanction second = sanction(DEFAULTS.decide(upload("ncii", Severity.HIGH), List.of(first.strike()), later));
        assertTrue(second.needsSecondReviewer());
        assertEquals(Step.disable(), second.step());
    }

    @Test
    void selfHarmPromptsOnlyEverWarnWithResourcesAndUploadsNeverDisable() {
        List<Strike> strikes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Sanction p = sanction(DEFAULTS.decide(facts("self_harm", Severity.HIGH, Verdict.BLOCK, Stage.PROMPT), strikes, T0));
            assertEquals(Action.WARN, p.action());
            assertEquals("self-harm-resources", p.notice());
            assertEquals(0, p.strike().weight());
            strikes.add(p.strike());
        }
        // the prompt warnings weigh nothing: the first upload is a first warning too
        Sanction firstUpload = sanction(DEFAULTS.decide(upload("self_harm", Severity.HIGH), strikes, T0));
        assertEquals(Action.WARN, firstUpload.action());
        assertEquals("self-harm-resources", firstUpload.notice());
        for (int i = 0; i < 6; i++) {
            Sanction s = sanction(DEFAULTS.decide(upload("self_harm", Severity.HIGH), strikes, T0));
            strikes.add(s.strike());
            assertTrue(s.action() != Action.DISABLE && !s.needsSecondReviewer(), "self_harm never disables: " + s);
        }
        assertEquals(Step.suspend(Duration.ofDays(7)),
                sanction(DEFAULTS.decide(upload("self_harm", Severity.HIGH), strikes, T0)).step());
    }

    @Test
    void disableWithoutSecondReviewerWhenThePolicySaysSo() {
        Ladder l = ladder(Map.of("l.illegal.steps", "warn,disable", "l.illegal.second-reviewer", "false"));
        Strike prior = new Strike(Category.ILLEGAL, 1, T0.minusSeconds(60), null);
        Sanction s = sanction(l.decide(facts("illegal", Severity.HIGH, Verdict.BLOCK, Stage.PROMPT), List.of(prior), T0));
        assertEquals(Action.DISABLE, s.action());
        assertFalse(s.needsSecondReviewer());
        assertEquals(Decision.STRIKE_THRESHOLD, s.reason());
    }

    @Test
    void restrictionsLastTheirDurationOrAsLongAsTheStrike() {
        Ladder l = ladder(Map.of("l.hate.steps", "warn,restrict:uploads,restrict:generation:7d",
                "l.hate.strike-expiry", "60d"));
        ViolationFacts f = facts("hate", Severity.HIGH, Verdict.BLOCK, Stage.PROMPT);
        Strike one = new Strike(Category.HATE, 1, T0.minusSeconds(60), null);
        Strike two = new Strike(Category.HATE, 1, T0.minusSeconds(30), null);

        Sanction r1 = sanction(l.decide(f, List.of(one), T0));
        assertEquals(Action.RESTRICT, r1.action());
        assertEquals("uploads", r1.scope());
        assertEquals(T0.plus(Duration.ofDays(60)), r1.until());
        Sanction r2 = sanction(l.decide(f, List.of(one, two), T0));
        assertEquals("generation", r2.scope());
        assertEquals(T0.plus(Duration.ofDays(7)), r2.until());
        assertEquals(Standing.Level.RESTRICTED,
                Standing.of(List.of(r1.record(), r2.record()), T0.plusSeconds(1), Duration.ofDays(30)).level());
    }

    @Test
    void customDenyListOnlyWarnsAndTellsTheBusiness() {
        List<Strike> strikes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Sanction s = sanction(DEFAULTS.decide(new ViolationFacts("ev", "acme", "acct-acme", "eu-1", "custom",
                    Severity.MEDIUM, Verdict.BLOCK, Stage.PROMPT, false, "filter-service", T0), strikes, T0));
            strikes.add(s.strike());
            assertEquals(Action.WARN, s.action());
            assertTrue(s.notifyBusiness());
        }
    }
}

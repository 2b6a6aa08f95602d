package io.safetyplane.enforcement.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.enforcement.ladder.LadderPolicy.Rule;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LadderPolicyTest {

    static Rule rule(LadderPolicy p, Category c, Stage s) {
        return p.rule(c, s).orElseThrow();
    }

    @Test
    void parsesTheIssueExample() {
        Map<String, String> props = new HashMap<>(Map.of(
                "enforcement.ladder.sexual.steps", "warn,suspend:24h,suspend:7d,disable",
                "enforcement.ladder.sexual.window", "90d",
                "enforcement.ladder.sexual.strike-expiry", "P180D",
                "enforcement.ladder.sexual.min-severity", "medium",
                "enforcement.ladder.sexual.weights", "high:2,critical:3",
                "enforcement.ladder.csam.zero-tolerance", "true",
                "enforcement.ladder.csam.tipline-review", "true",
                "enforcement.ladder.violence.steps", "warn, restrict:uploads:PT12H ,disable",
                "enforcement.ladder.violence.stages", "prompt,output",
                "quarkus.http.port", "8085"));
        props.put("enforcement.ladder.warning-period", "2w");
        LadderPolicy p = LadderPolicy.fromProperties(props, "enforcement.ladder.");

        Rule sexual = rule(p, Category.SEXUAL, Stage.UPLOAD);
        assertEquals("enforcement.ladder.sexual", sexual.key());
        assertEquals(List.of(Step.warn(), Step.suspend(Duration.ofHours(24)), Step.suspend(Duration.ofDays(7)),
                Step.disable()), sexual.steps());
        assertEquals(Duration.ofDays(90), sexual.window());
        assertEquals(Duration.ofDays(180), sexual.strikeExpiry());
        assertEquals(Severity.MEDIUM, sexual.minSeverity());
        assertEquals(1, sexual.weight(Severity.MEDIUM));
        assertEquals(2, sexual.weight(Severity.HIGH));
        assertEquals(3, sexual.weight(Severity.CRITICAL));
        assertTrue(sexual.secondReviewer());
        assertTrue(sexual.warnFirst());
        assertFalse(sexual.zeroTolerance());

        Rule csam = rule(p, Category.CSAM, Stage.UNSPECIFIED);
        assertTrue(csam.zeroTolerance());
        assertTrue(csam.tiplineReview());
        assertEquals(List.of(Step.disable()), csam.steps());
        assertEquals(Severity.CRITICAL, csam.zeroToleranceMinSeverity());

        Rule violence = rule(p, Category.VIOLENCE, Stage.PROMPT);
        assertEquals(EnumSet.of(Stage.PROMPT, Stage.OUTPUT), violence.stages());
        assertEquals(new Step(Action.RESTRICT, "uploads", Duration.ofHours(12)), violence.steps().get(1));
        assertEquals("warn,restrict:uploads:12h,disable",
                String.join(",", violence.steps().stream().map(Step::toString).toList()));

        assertTrue(p.rule(Category.HATE, Stage.PROMPT).isEmpty());
        assertEquals(Duration.ofDays(14), p.warningPeriod());
    }

    @Test
    void stageOverrideInheritsWhatItDoesNotSet() {
        LadderPolicy p = LadderPolicy.fromProperties(Map.of(
                "x.self_harm.steps", "warn,suspend:24h",
                "x.self_harm.notice", "self-harm-resources",
                "x.self_harm.window", "30d",
                "x.self_harm.weights", "high:2",
                "x.self_harm.prompt.steps", "warn",
                "x.self_harm.prompt.weights", "medium:0",
                "x.self_harm.prompt.strike-expiry", "never"), "x");
        Rule prompt = rule(p, Category.SELF_HARM, Stage.PROMPT);
        assertEquals("x.self_harm.prompt", prompt.key());
        assertEquals(Stage.PROMPT, prompt.stage());
        assertEquals(List.of(Step.warn()), prompt.steps());
        assertEquals("self-harm-resources", prompt.notice());
        assertEquals(Duration.ofDays(30), prompt.window());
        assertEquals(2, prompt.weight(Severity.HIGH));
        assertEquals(0, prompt.weight(Severity.MEDIUM));
        assertNull(prompt.strikeExpiry());
        Rule upload = rule(p, Category.SELF_HARM, Stage.UPLOAD);
        assertEquals("x.self_harm", upload.key());
        assertEquals(Duration.ofDays(180), upload.strikeExpiry());
        assertEquals(1, upload.weight(Severity.MEDIUM));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "p.sexual.steps|warn,ban|p.sexual.steps: unknown step 'ban'; one of warn, restrict:<scope>[:<duration>], suspend:<duration>, disable",
        "p.sexual.steps|warn,suspend:24x|p.sexual.steps: bad duration '24x'; use ISO-8601 (PT24H, P90D) or 30m, 24h, 90d, 2w",
        "p.sexual.steps|warn,suspend|p.sexual.steps: suspend needs a duration, e.g. suspend:24h: 'suspend'",
        "p.sexual.steps|warn,restrict:|p.sexual.steps: restrict needs a scope [a-z0-9_-], e.g. restrict:uploads or restrict:uploads:7d: 'restrict:'",
        "p.sexual.steps|'  '|p.sexual.steps: empty; expected a comma-separated list, e.g. warn,suspend:24h,suspend:7d,disable",
        "p.sexual.steps|warn,,disable|p.sexual.steps: empty item in 'warn,,disable'",
        "p.sexual.steps|warn,disable,suspend:7d|p.sexual.steps: 'disable' can only be the last step: 'warn,disable,suspend:7d'",
        "p.sexual.steps|suspend:24h,disable|p.sexual.steps: the first step must be 'warn' (DSA art. 23 prior warning); set p.sexual.warn-first=false to skip the warning deliberately",
        "p.sexual.window|ninety days|p.sexual.window: bad duration 'ninety days'; use ISO-8601 (PT24H, P90D) or 30m, 24h, 90d, 2w",
        "p.sexual.strike-expiry|0d|p.sexual.strike-expiry: duration '0d' must be positive",
        "p.warning-period|P1Y|p.warning-period: bad duration 'P1Y'; use ISO-8601 (PT24H, P90D) or 30m, 24h, 90d, 2w",
        "p.nudity.steps|warn|p.nudity.steps: unknown category 'nudity'; one of [csam, ncii, sexual, violence, hate, self_harm, illegal, custom]",
        "p.sexual.stepz|warn|p.sexual.stepz: unknown setting 'stepz'; one of [steps, weights, window, strike-expiry, min-severity, stages, warn-first, zero-tolerance, zero-tolerance-min-severity, zero-tolerance-detectors, tipline-review, second-reviewer, notice]",
        "p.sexual.video.steps|warn|p.sexual.video.steps: unknown stage 'video'; one of [prompt, upload, output]",
        "p.sexual.stages|prompt,video|p.sexual.stages: unknown stage 'video'; one of [prompt, upload, output]",
        "p.sexual.a.b.c|warn|p.sexual.a.b.c: expected p.sexual.<setting> or p.sexual.<stage>.<setting>",
        "p.sexual|warn|p.sexual: unknown key; a category needs a setting, e.g. p.sexual.steps",
        "p.strikes|3|p.strikes: unknown category or setting 'strikes'; categories [csam, ncii, sexual, violence, hate, self_harm, illegal, custom], global setting warning-period",
        "p.sexual.min-severity|severe|p.sexual.min-severity: unknown severity 'severe'; one of [low, medium, high, critical]",
        "p.sexual.second-reviewer|yes|p.sexual.second-reviewer: expected true or false, got 'yes'",
        "p.sexual.weights|high=2|p.sexual.weights: expected <severity>:<weight>, e.g. low:1,medium:1,high:2,critical:3; got 'high=2'",
        "p.sexual.weights|high:-1|p.sexual.weights: weight of high must be a whole number 0..1000, got '-1'",
        "p.sexual.notice|Self Harm!|p.sexual.notice: expected a name of [a-z0-9_.-], got 'Self Harm!'",
    })
    void badInputNamesTheKey(String key, String value, String message) {
        Map<String, String> props = new HashMap<>();
        props.put("p.sexual.steps", "warn,disable");
        props.put(key, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LadderPolicy.fromProperties(props, "p"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void missingStepsNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LadderPolicy.fromProperties(Map.of("p.hate.window", "30d"), "p"));
        assertEquals("p.hate.steps: missing; list the steps, e.g. warn,suspend:24h,suspend:7d,disable (or set "
                + "p.hate.zero-tolerance=true)", e.getMessage());
    }

    @Test
    void zeroToleranceTakesNoLadder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LadderPolicy.fromProperties(
                Map.of("p.csam.zero-tolerance", "true", "p.csam.steps", "warn,disable"), "p"));
        assertEquals("p.csam.steps: a zero-tolerance category disables at once; leave steps unset or set it to 'disable'",
                e.getMessage());
        assertEquals(List.of(Step.disable()), rule(LadderPolicy.fromProperties(
                Map.of("p.csam.zero-tolerance", "true", "p.csam.steps", "disable"), "p"), Category.CSAM, Stage.PROMPT).steps());
    }

    @Test
    void stageOverridesMustStayWithinTheCategoryStages() {
        IllegalArgumentException excluded = assertThrows(IllegalArgumentException.class, () -> LadderPolicy.fromProperties(
                Map.of("p.violence.steps", "warn", "p.violence.stages", "prompt,output", "p.violence.upload.steps", "warn"), "p"));
        assertEquals("p.violence.upload.steps: stage 'upload' is not in p.violence.stages=prompt,output", excluded.getMessage());
        IllegalArgumentException perStage = assertThrows(IllegalArgumentException.class, () -> LadderPolicy.fromProperties(
                Map.of("p.violence.steps", "warn", "p.violence.prompt.stages", "prompt"), "p"));
        assertEquals("p.violence.prompt.stages: 'stages' is set per category, not per stage", perStage.getMessage());
        IllegalArgumentException noBase = assertThrows(IllegalArgumentException.class, () -> LadderPolicy.fromProperties(
                Map.of("p.violence.prompt.min-severity", "high"), "p"));
        assertTrue(noBase.getMessage().startsWith("p.violence.steps: missing"), noBase.getMessage());
    }

    @Test
    void aPolicyNeedsAtLeastOneCategory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LadderPolicy.fromProperties(Map.of("other.sexual.steps", "warn", "p", "x"), "p"));
        assertEquals("no p.<category>.<setting> keys: the ladder needs at least one category", e.getMessage());
    }

    @Test
    void stepsRoundTrip() {
        for (String s : List.of("warn", "disable", "suspend:24h", "suspend:7d", "suspend:30m", "restrict:uploads",
                "restrict:image-to-image:3d", "suspend:48h")) {
            assertEquals(s, Step.parse(s).toString());
        }
        assertEquals("suspend:36h", Step.parse("SUSPEND:PT36H").toString());
        assertEquals("suspend:14d", Step.parse("suspend:2w").toString());
    }

    @Test
    void defaultPolicyFile() {
        LadderPolicy p = LadderPolicy.defaults();
        for (Category c : Category.values()) {
            assertTrue(p.rule(c, Stage.UNSPECIFIED).isPresent(), "no default rule for " + c.id());
        }
        assertEquals(Duration.ofDays(30), p.warningPeriod());

        Rule csam = rule(p, Category.CSAM, Stage.UPLOAD);
        assertTrue(csam.zeroTolerance() && csam.tiplineReview());
        assertEquals(Set.of("hash-service"), csam.zeroToleranceDetectors());
        assertNull(csam.strikeExpiry());

        assertEquals("suspend:7d,disable", steps(rule(p, Category.NCII, Stage.UPLOAD)));
        assertFalse(rule(p, Category.NCII, Stage.UPLOAD).warnFirst());
        for (Category c : List.of(Category.SEXUAL, Category.VIOLENCE, Category.HATE, Category.ILLEGAL)) {
            Rule r = rule(p, c, Stage.UPLOAD);
            assertEquals("warn,suspend:24h,suspend:7d,disable", steps(r), c.id());
            assertEquals(Duration.ofDays(90), r.window());
            assertEquals(Duration.ofDays(180), r.strikeExpiry());
            assertEquals(Severity.HIGH, rule(p, c, Stage.OUTPUT).minSeverity(), c.id());
        }
        assertEquals("warn,suspend:24h,suspend:7d", steps(rule(p, Category.SELF_HARM, Stage.UPLOAD)));
        Rule selfHarmPrompt = rule(p, Category.SELF_HARM, Stage.PROMPT);
        assertEquals("warn", steps(selfHarmPrompt));
        assertEquals("self-harm-resources", selfHarmPrompt.notice());
        for (Severity s : List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)) {
            assertEquals(0, selfHarmPrompt.weight(s));
        }
        assertEquals("warn", steps(rule(p, Category.CUSTOM, Stage.PROMPT)));
        for (Rule r : p.rules()) {
            assertTrue(r.secondReviewer(), r.key() + ": every ladder disable waits for a second reviewer");
            assertTrue(r.zeroTolerance() || r.warnFirst() || r.category() == Category.NCII,
                    r.key() + ": the first step is a warning");
        }
    }

    static String steps(Rule r) {
        return String.join(",", r.steps().stream().map(Step::toString).toList());
    }
}

package io.safetyplane.enforcement.notice;

import io.safetyplane.enforcement.notice.NoticeFacts.Action;
import io.safetyplane.enforcement.notice.NoticeFacts.Automation;
import io.safetyplane.enforcement.notice.NoticeFacts.Medium;
import io.safetyplane.enforcement.notice.NoticeFacts.Source;
import io.safetyplane.enforcement.notice.NoticeFacts.Stage;
import io.safetyplane.enforcement.notice.NoticeFacts.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementsOfReasonsTest {

    static final Instant DECIDED = Instant.parse("2026-03-01T10:15:30Z");
    static final Instant UNTIL = Instant.parse("2026-03-31T10:15:30Z");
    static final String ACCOUNT = "acct_tenant_4711";
    static final String END_USER = "their-user-8842";
    static final NoticePolicy POLICY = NoticePolicy.of("https://safety-plane.example/appeals",
            "https://safety-plane.example/aup");

    static NoticeFacts facts(Action action, Instant until, Target target, PolicyCategory category, Stage stage) {
        return new NoticeFacts("dec_01HZX3", action, until, target, category, stage, null, null, true,
                Automation.FULLY, "filter:prompt", "The request matched the platform's " + category.id() + " policy.",
                DECIDED, null, Period.ofMonths(6));
    }

    static NoticeFacts facts(Action action, Instant until, Target target) {
        return facts(action, until, target, PolicyCategory.SEXUAL, Stage.OUTPUT);
    }

    static Stream<Arguments> everyActionCategoryStageAndTarget() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (Action action : Action.values()) {
            for (PolicyCategory category : PolicyCategory.values()) {
                for (Stage stage : Stage.values()) {
                    for (Target target : List.of(Target.account(ACCOUNT), Target.endUser(ACCOUNT, END_USER))) {
                        all.add(Arguments.of(action, category, stage, target));
                    }
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("everyActionCategoryStageAndTarget")
    void everyCombinationValidatesAndSerialisesWithTdbFieldNames(Action action, PolicyCategory category, Stage stage,
            Target target) throws Exception {
        Instant until = action == Action.SUSPEND || action == Action.RESTRICT ? UNTIL : null;
        StatementOfReasons s = StatementsOfReasons.forSanction(facts(action, until, target, category, stage), POLICY);
        s.validateAgainst(DsaVocabulary.standard());
        String json = s.toTdbJson();
        StatementOfReasonsTest.assertTdbPayloadValid(json);
        assertEquals(StatementsOfReasons.dsaCategory(category), s.category());
        assertEquals(StatementsOfReasons.keywords(category, stage), s.categorySpecification());
        assertEquals(List.of("DECISION_VISIBILITY_CONTENT_DISABLED"), s.decisionVisibility());
        assertFalse(json.contains(ACCOUNT), "the TDB payload must not name the account");
        assertFalse(json.contains(END_USER), "the TDB payload must not name the end user");
    }

    static Stream<Arguments> categoryMapping() {
        return Stream.of(
                Arguments.of(PolicyCategory.CSAM, Stage.OUTPUT, "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
                        List.of("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE"),
                        true),
                Arguments.of(PolicyCategory.CSAM, Stage.UPLOAD, "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
                        List.of("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"), true),
                Arguments.of(PolicyCategory.NCII, Stage.PROMPT, "STATEMENT_CATEGORY_CYBER_VIOLENCE",
                        List.of("KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE"), true),
                Arguments.of(PolicyCategory.NCII, Stage.UPLOAD, "STATEMENT_CATEGORY_CYBER_VIOLENCE",
                        List.of("KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"), true),
                Arguments.of(PolicyCategory.SEXUAL, Stage.OUTPUT, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
                        List.of("KEYWORD_ADULT_SEXUAL_MATERIAL"), false),
                Arguments.of(PolicyCategory.VIOLENCE, Stage.OUTPUT, "STATEMENT_CATEGORY_VIOLENCE",
                        List.of("KEYWORD_OTHER"), false),
                Arguments.of(PolicyCategory.HATE, Stage.PROMPT, "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
                        List.of("KEYWORD_HATE_SPEECH"), false),
                Arguments.of(PolicyCategory.SELF_HARM, Stage.PROMPT, "STATEMENT_CATEGORY_SELF_HARM", List.of(), false),
                Arguments.of(PolicyCategory.ILLEGAL, Stage.PROMPT, "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
                        List.of("KEYWORD_PROHIBITED_PRODUCTS"), false),
                Arguments.of(PolicyCategory.CUSTOM, Stage.PROMPT, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
                        List.of("KEYWORD_OTHER"), false));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("categoryMapping")
    void mapsPolicyCategoriesToDsaCategoriesKeywordsAndGrounds(PolicyCategory category, Stage stage, String dsaCategory,
            List<String> keywords, boolean illegal) {
        StatementOfReasons s = StatementsOfReasons.forSanction(
                facts(Action.WARN, null, Target.account(ACCOUNT), category, stage), POLICY);
        assertEquals(dsaCategory, s.category());
        assertEquals(keywords, s.categorySpecification());
        assertEquals(illegal, s.illegalContent());
        if (illegal) {
            assertEquals("DECISION_GROUND_ILLEGAL_CONTENT", s.decisionGround());
            assertTrue(s.illegalContentLegalGround().contains(category == PolicyCategory.CSAM
                    ? "Directive 2011/93/EU" : "Directive (EU) 2024/1385"), s.illegalContentLegalGround());
            assertTrue(s.decisionGroundReferenceUrl().startsWith("https://eur-lex.europa.eu/eli/dir/"));
            assertNull(s.incompatibleContentGround());
        } else {
            assertEquals("DECISION_GROUND_INCOMPATIBLE_CONTENT", s.decisionGround());
            assertEquals(POLICY.termsSection(category), s.incompatibleContentGround());
            assertTrue(s.incompatibleContentGround().startsWith("Acceptable Use Policy, section"));
            assertEquals("https://safety-plane.example/aup", s.decisionGroundReferenceUrl());
            assertNull(s.illegalContentLegalGround());
        }
        assertEquals(keywords.contains("KEYWORD_OTHER"), s.categorySpecificationOther() != null);
    }

    @Test
    void warnOnlyDisablesTheContent() {
        StatementOfReasons s = StatementsOfReasons.forSanction(facts(Action.WARN, null, Target.account(ACCOUNT)),
                POLICY);
        assertEquals(List.of("DECISION_VISIBILITY_CONTENT_DISABLED"), s.decisionVisibility());
        assertNull(s.decisionAccount());
        assertNull(s.decisionProvision());
        assertNull(s.decisionMonetary());
        assertNull(s.endDateAccountRestriction());
        assertTrue(s.decisionFacts().contains("written warning"), s.decisionFacts());
    }

    @Test
    void restrictIsAPartialSuspensionWithOptionalEndDate() {
        StatementOfReasons until = StatementsOfReasons.forSanction(
                facts(Action.RESTRICT, UNTIL, Target.account(ACCOUNT)), POLICY);
        assertEquals("DECISION_PROVISION_PARTIAL_SUSPENSION", until.decisionProvision());
        assertEquals(LocalDate.of(2026, 3, 31), until.endDateServiceRestriction());
        StatementOfReasons open = StatementsOfReasons.forSanction(
                facts(Action.RESTRICT, null, Target.account(ACCOUNT)), POLICY);
        assertNull(open.endDateServiceRestriction());
        assertTrue(open.decisionFacts().contains("until further notice"), open.decisionFacts());
    }

    @Test
    void suspendingTheAccountSuspendsTheAccountUntilTheEndDate() {
        StatementOfReasons s = StatementsOfReasons.forSanction(facts(Action.SUSPEND, UNTIL, Target.account(ACCOUNT)),
                POLICY);
        assertEquals("DECISION_ACCOUNT_SUSPENDED", s.decisionAccount());
        assertEquals(LocalDate.of(2026, 3, 31), s.endDateAccountRestriction());
        assertNull(s.decisionProvision());
    }

    @Test
    void suspendingAnEndUserSuspendsTheServiceForThemNotTheTenantAccount() {
        StatementOfReasons s = StatementsOfReasons.forSanction(
                facts(Action.SUSPEND, UNTIL, Target.endUser(ACCOUNT, END_USER)), POLICY);
        assertEquals("DECISION_PROVISION_TOTAL_SUSPENSION", s.decisionProvision());
        assertEquals(LocalDate.of(2026, 3, 31), s.endDateServiceRestriction());
        assertNull(s.decisionAccount());
    }

    @Test
    void disablingTerminatesWithoutEndDate() {
        StatementOfReasons account = StatementsOfReasons.forSanction(
                facts(Action.DISABLE, null, Target.account(ACCOUNT)), POLICY);
        assertEquals("DECISION_ACCOUNT_TERMINATED", account.decisionAccount());
        assertNull(account.endDateAccountRestriction());
        StatementOfReasons endUser = StatementsOfReasons.forSanction(
                facts(Action.DISABLE, null, Target.endUser(ACCOUNT, END_USER)), POLICY);
        assertEquals("DECISION_PROVISION_TOTAL_TERMINATION", endUser.decisionProvision());
        assertNull(endUser.endDateServiceRestriction());
    }

    @Test
    void contentTypesFollowTheStageAndMedium() {
        NoticeFacts f = facts(Action.WARN, null, Target.account(ACCOUNT));
        assertEquals(List.of("CONTENT_TYPE_TEXT"), StatementsOfReasons.forSanction(with(f, Stage.PROMPT, null),
                POLICY).contentType());
        assertEquals(List.of("CONTENT_TYPE_IMAGE"), StatementsOfReasons.forSanction(with(f, Stage.UPLOAD, null),
                POLICY).contentType());
        assertEquals(List.of("CONTENT_TYPE_VIDEO", "CONTENT_TYPE_SYNTHETIC_MEDIA"),
                StatementsOfReasons.forSanction(with(f, Stage.OUTPUT, Medium.VIDEO), POLICY).contentType());
    }

    private static NoticeFacts with(NoticeFacts f, Stage stage, Medium medium) {
        return new NoticeFacts(f.decisionId(), f.action(), f.until(), f.target(), f.category(), stage, medium,
                f.source(), f.automatedDetection(), f.automatedDecision(), f.detector(), f.facts(), f.decidedAt(),
                f.contentAt(), f.appealWindow());
    }

    @Test
    void copiesSourceAndAutomationAndDates() {
        NoticeFacts f = new NoticeFacts("dec_2", Action.WARN, null, Target.account(ACCOUNT), PolicyCategory.HATE,
                Stage.PROMPT, null, Source.TRUSTED_FLAGGER, false, Automation.NOT_AUTOMATED, null,
                "A trusted flagger reported the prompt; a moderator confirmed it.", DECIDED,
                Instant.parse("2026-02-27T23:59:59Z"), Period.ofMonths(6));
        StatementOfReasons s = StatementsOfReasons.forSanction(f, POLICY);
        assertEquals("SOURCE_TRUSTED_FLAGGER", s.sourceType());
        assertFalse(s.automatedDetection());
        assertEquals("AUTOMATED_DECISION_NOT_AUTOMATED", s.automatedDecision());
        assertEquals(LocalDate.of(2026, 2, 27), s.contentDate());
        assertEquals(LocalDate.of(2026, 3, 1), s.applicationDate());
        assertTrue(s.decisionFacts().contains("not by automated means"), s.decisionFacts());
        assertEquals(DsaVocabulary.EU_EEA_COUNTRIES, s.territorialScope());

        NoticeFacts partly = new NoticeFacts("dec_3", Action.WARN, null, Target.account(ACCOUNT),
                PolicyCategory.HATE, Stage.PROMPT, null, null, true, Automation.PARTIALLY, "classifier:hate-v2",
                "Flagged by the classifier and confirmed by a moderator.", DECIDED, null, Period.ofMonths(6));
        StatementOfReasons p = StatementsOfReasons.forSanction(partly, POLICY);
        assertEquals("AUTOMATED_DECISION_PARTIALLY", p.automatedDecision());
        assertEquals("SOURCE_VOLUNTARY", p.sourceType());
        assertTrue(p.decisionFacts().contains("classifier:hate-v2"), p.decisionFacts());
    }

    @Test
    void theAppealDeadlineIsTheDecisionDatePlusTheConfiguredWindow() {
        NoticeFacts f = new NoticeFacts("dec_4", Action.WARN, null, Target.account(ACCOUNT), PolicyCategory.SEXUAL,
                Stage.OUTPUT, null, null, true, Automation.FULLY, "classifier:nsfw", "Adult content.", DECIDED, null,
                Period.ofMonths(7));
        StatementOfReasons s = StatementsOfReasons.forSanction(f, POLICY);
        assertEquals(LocalDate.of(2026, 10, 1), s.redress().appealDeadline());
        assertEquals("https://safety-plane.example/appeals", s.redress().appealChannel());
        assertEquals(Redress.OUT_OF_COURT_AND_JUDICIAL, s.redress().otherRedress());
    }

    @Test
    void anAppealWindowUnderSixMonthsIsRefused() {
        // 180 days from 1 March ends on 28 August, before 1 September: less than six months.
        NoticeFacts f = new NoticeFacts("dec_5", Action.WARN, null, Target.account(ACCOUNT), PolicyCategory.SEXUAL,
                Stage.OUTPUT, null, null, true, Automation.FULLY, "classifier:nsfw", "Adult content.", DECIDED, null,
                Period.ofDays(180));
        StatementFieldException e = assertThrows(StatementFieldException.class,
                () -> StatementsOfReasons.forSanction(f, POLICY));
        assertEquals("appeal_window", e.field());
    }

    @Test
    void factsNamingTheTargetAreRefusedBecauseTheyGoToTheTdb() {
        NoticeFacts f = new NoticeFacts("dec_6", Action.WARN, null, Target.endUser(ACCOUNT, END_USER),
                PolicyCategory.SEXUAL, Stage.OUTPUT, null, null, true, Automation.FULLY, "classifier:nsfw",
                "End user " + END_USER + " generated adult content.", DECIDED, null, Period.ofMonths(6));
        StatementFieldException e = assertThrows(StatementFieldException.class,
                () -> StatementsOfReasons.forSanction(f, POLICY));
        assertEquals("decision_facts", e.field());
    }

    @Test
    void anInvalidDecisionIdIsRefusedAsPuid() {
        NoticeFacts f = new NoticeFacts("tenant/dec 7", Action.WARN, null, Target.account(ACCOUNT),
                PolicyCategory.SEXUAL, Stage.OUTPUT, null, null, true, Automation.FULLY, "classifier:nsfw",
                "Adult content.", DECIDED, null, Period.ofMonths(6));
        StatementFieldException e = assertThrows(StatementFieldException.class,
                () -> StatementsOfReasons.forSanction(f, POLICY));
        assertEquals("puid", e.field());
    }

    @Test
    void noticeFactsRefuseInconsistentMeasures() {
        assertFieldError("until", () -> facts(Action.WARN, UNTIL, Target.account(ACCOUNT)));
        assertFieldError("until", () -> facts(Action.DISABLE, UNTIL, Target.account(ACCOUNT)));
        assertFieldError("until", () -> facts(Action.SUSPEND, DECIDED, Target.account(ACCOUNT)));
        assertFieldError("detector", () -> new NoticeFacts("d", Action.WARN, null, Target.account(ACCOUNT),
                PolicyCategory.SEXUAL, Stage.OUTPUT, null, null, true, Automation.FULLY, null, "x", DECIDED, null,
                Period.ofMonths(6)));
        assertFieldError("target.end_user_id", () -> Target.endUser(ACCOUNT, null));
    }

    @ParameterizedTest
    @EnumSource(PolicyCategory.class)
    void policyCategoryIdsRoundTrip(PolicyCategory category) {
        assertEquals(category, PolicyCategory.fromId(category.id()));
        assertEquals(category.id().toLowerCase(), category.id());
    }

    @Test
    void policyCategoryIdsMatchThePlatform() {
        assertEquals(List.of("csam", "ncii", "sexual", "violence", "hate", "self_harm", "illegal", "custom"),
                Stream.of(PolicyCategory.values()).map(PolicyCategory::id).toList());
        assertThrows(IllegalArgumentException.class, () -> PolicyCategory.fromId("gambling"));
    }

    private static void assertFieldError(String field, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }
}

package io.safetyplane.enforcement.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementOfReasonsTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every field name the TDB API accepts in a statement (api-documentation.md). */
    static final Set<String> TDB_FIELDS = Set.of("decision_visibility", "decision_visibility_other",
            "end_date_visibility_restriction", "decision_monetary", "decision_monetary_other",
            "end_date_monetary_restriction", "decision_provision", "end_date_service_restriction", "decision_account",
            "end_date_account_restriction", "account_type", "decision_ground", "decision_ground_reference_url",
            "illegal_content_legal_ground", "illegal_content_explanation", "incompatible_content_ground",
            "incompatible_content_explanation", "incompatible_content_illegal", "category", "category_addition",
            "category_specification", "category_specification_other", "content_type", "content_type_other",
            "content_language", "content_date", "application_date", "decision_facts", "source_type",
            "source_identity", "automated_detection", "automated_decision", "territorial_scope", "puid",
            "content_id");

    /** A valid statement on the terms ground with a temporary account suspension. */
    static StatementOfReasons.Builder base() {
        return StatementOfReasons.builder()
                .puid("dec-0001")
                .decisionVisibility("DECISION_VISIBILITY_CONTENT_DISABLED")
                .decisionAccount("DECISION_ACCOUNT_SUSPENDED")
                .endDateAccountRestriction(DAY.plusDays(30))
                .decisionGround("DECISION_GROUND_INCOMPATIBLE_CONTENT")
                .incompatibleContentGround("Acceptable Use Policy, section \"Sexual content\"")
                .incompatibleContentExplanation("The generated image was adult sexual content.")
                .category("STATEMENT_CATEGORY_OTHER_VIOLATION_TC")
                .categorySpecification("KEYWORD_ADULT_SEXUAL_MATERIAL")
                .contentType("CONTENT_TYPE_IMAGE", "CONTENT_TYPE_SYNTHETIC_MEDIA")
                .contentDate(DAY)
                .applicationDate(DAY)
                .sourceType("SOURCE_VOLUNTARY")
                .automatedDetection(true)
                .automatedDecision("AUTOMATED_DECISION_FULLY")
                .decisionFacts("A generated image was classified as adult sexual content.")
                .territorialScope("DE", "FR")
                .redress(Redress.of("https://example.com/appeals", DAY.plusMonths(6)));
    }

    /** A valid statement on the illegal-content ground. */
    static StatementOfReasons.Builder illegal() {
        return base().decisionGround("DECISION_GROUND_ILLEGAL_CONTENT")
                .incompatibleContentGround(null).incompatibleContentExplanation(null)
                .illegalContentLegalGround("Directive 2011/93/EU, Article 5")
                .illegalContentExplanation("Child sexual abuse material.")
                .category("STATEMENT_CATEGORY_PROTECTION_OF_MINORS")
                .categorySpecification("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL");
    }

    @Test
    void theBaseStatementsAreValid() {
        StatementOfReasons s = base().build();
        s.validateAgainst(DsaVocabulary.standard());
        StatementOfReasons i = illegal().build();
        assertTrue(i.illegalContent());
        assertFalse(s.illegalContent());
    }

    @Test
    void serialisesWithTheExactTdbFieldNames() throws Exception {
        StatementOfReasons s = base()
                .decisionGroundReferenceUrl("https://example.com/aup")
                .incompatibleContentIllegal("No")
                .contentLanguage("EN")
                .categoryAddition("STATEMENT_CATEGORY_CYBER_VIOLENCE")
                .build();
        JsonNode json = JSON.readTree(s.toTdbJson());
        Set<String> names = new TreeSet<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(List.of("decision_visibility", "decision_account", "end_date_account_restriction",
                "decision_ground", "decision_ground_reference_url", "incompatible_content_ground",
                "incompatible_content_explanation", "incompatible_content_illegal", "category", "category_addition",
                "category_specification", "content_type", "content_language", "content_date", "application_date",
                "decision_facts", "source_type", "automated_detection", "automated_decision", "territorial_scope",
                "puid")), names);
        assertTrue(TDB_FIELDS.containsAll(names));
        assertEquals("Yes", json.get("automated_detection").asText());
        assertEquals("2026-03-31", json.get("end_date_account_restriction").asText());
        assertEquals("2026-03-01", json.get("application_date").asText());
        assertTrue(json.get("decision_visibility").isArray());
        assertTrue(json.get("content_type").isArray());
        assertEquals("CONTENT_TYPE_SYNTHETIC_MEDIA", json.get("content_type").get(1).asText());
        assertEquals("DECISION_ACCOUNT_SUSPENDED", json.get("decision_account").asText());
        assertEquals("dec-0001", json.get("puid").asText());
        assertFalse(json.has("redress"), "redress is for the notice, not the TDB");
        assertFalse(json.has("decision_monetary"), "absent optional fields are left out");
    }

    @Test
    void automatedDetectionNoIsSentAsNo() throws Exception {
        JsonNode json = JSON.readTree(base().automatedDetection(false).build().toTdbJson());
        assertEquals("No", json.get("automated_detection").asText());
    }

    static Stream<Arguments> invalidCombinations() {
        String longText = "x".repeat(5001);
        return Stream.of(
                bad("no restriction at all", "decision_visibility",
                        b -> b.decisionVisibility(List.of()).decisionAccount(null).endDateAccountRestriction(null)),
                bad("unknown visibility value", "decision_visibility",
                        b -> b.decisionVisibility("DECISION_VISIBILITY_CONTENT_HIDDEN")),
                bad("repeated visibility value", "decision_visibility",
                        b -> b.decisionVisibility("DECISION_VISIBILITY_CONTENT_DISABLED",
                                "DECISION_VISIBILITY_CONTENT_DISABLED")),
                bad("visibility OTHER without text", "decision_visibility_other",
                        b -> b.decisionVisibility("DECISION_VISIBILITY_OTHER")),
                bad("visibility text without OTHER", "decision_visibility_other",
                        b -> b.decisionVisibilityOther("hidden from search")),
                bad("monetary OTHER without text", "decision_monetary_other",
                        b -> b.decisionMonetary("DECISION_MONETARY_OTHER")),
                bad("unknown monetary value", "decision_monetary", b -> b.decisionMonetary("DECISION_MONETARY_FINE")),
                bad("unknown provision value", "decision_provision",
                        b -> b.decisionProvision("DECISION_PROVISION_SUSPENDED")),
                bad("unknown account value", "decision_account",
                        b -> b.decisionAccount("DECISION_ACCOUNT_BANNED").endDateAccountRestriction(null)),
                bad("unknown account type", "account_type", b -> b.accountType("ACCOUNT_TYPE_PUBLIC")),
                bad("account end date with a termination", "end_date_account_restriction",
                        b -> b.decisionAccount("DECISION_ACCOUNT_TERMINATED")),
                bad("account end date without an account decision", "end_date_account_restriction",
                        b -> b.decisionAccount(null)),
                bad("service end date with a termination", "end_date_service_restriction",
                        b -> b.decisionProvision("DECISION_PROVISION_TOTAL_TERMINATION")
                                .endDateServiceRestriction(DAY.plusDays(3))),
                bad("monetary end date with a termination", "end_date_monetary_restriction",
                        b -> b.decisionMonetary("DECISION_MONETARY_TERMINATION")
                                .endDateMonetaryRestriction(DAY.plusDays(3))),
                bad("visibility end date with removal only", "end_date_visibility_restriction",
                        b -> b.decisionVisibility("DECISION_VISIBILITY_CONTENT_REMOVED")
                                .endDateVisibilityRestriction(DAY.plusDays(3))),
                bad("end date before the application date", "end_date_account_restriction",
                        b -> b.endDateAccountRestriction(DAY.minusDays(1))),
                bad("end date after 2038-01-01", "end_date_account_restriction",
                        b -> b.endDateAccountRestriction(LocalDate.of(2038, 1, 2))),
                bad("no decision ground", "decision_ground", b -> b.decisionGround(null)),
                bad("unknown decision ground", "decision_ground", b -> b.decisionGround("DECISION_GROUND_POLICY")),
                bad("terms ground without its ground text", "incompatible_content_ground",
                        b -> b.incompatibleContentGround(null)),
                bad("terms ground without its explanation", "incompatible_content_explanation",
                        b -> b.incompatibleContentExplanation(" ")),
                bad("terms ground with a legal ground", "illegal_content_legal_ground",
                        b -> b.illegalContentLegalGround("Directive 2011/93/EU")),
                bad("terms ground text over 500", "incompatible_content_ground",
                        b -> b.incompatibleContentGround("x".repeat(501))),
                bad("unknown incompatible_content_illegal", "incompatible_content_illegal",
                        b -> b.incompatibleContentIllegal("Maybe")),
                bad("reference URL not http", "decision_ground_reference_url",
                        b -> b.decisionGroundReferenceUrl("ftp://example.com/aup")),
                bad("reference URL relative", "decision_ground_reference_url",
                        b -> b.decisionGroundReferenceUrl("/aup")),
                bad("no content type", "content_type", b -> b.contentType(List.of())),
                bad("unknown content type", "content_type", b -> b.contentType("CONTENT_TYPE_PICTURE")),
                bad("content type OTHER without text", "content_type_other", b -> b.contentType("CONTENT_TYPE_OTHER")),
                bad("content type text without OTHER", "content_type_other", b -> b.contentTypeOther("3D model")),
                bad("no category", "category", b -> b.category(null)),
                bad("unknown category", "category", b -> b.category("STATEMENT_CATEGORY_CSAM")),
                bad("pre-2025 category", "category", b -> b.category("STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT")),
                bad("additional category repeats the category", "category_addition",
                        b -> b.categoryAddition("STATEMENT_CATEGORY_OTHER_VIOLATION_TC")),
                bad("unknown additional category", "category_addition", b -> b.categoryAddition("STATEMENT_CATEGORY_X")),
                bad("unknown keyword", "category_specification", b -> b.categorySpecification("KEYWORD_CSAM")),
                bad("keyword text without KEYWORD_OTHER", "category_specification_other",
                        b -> b.categorySpecificationOther("gore")),
                bad("language not ISO 639-1", "content_language", b -> b.contentLanguage("ENG")),
                bad("language lower case", "content_language", b -> b.contentLanguage("en")),
                bad("no content date", "content_date", b -> b.contentDate(null)),
                bad("content date after the application date", "content_date", b -> b.contentDate(DAY.plusDays(1))),
                bad("application date before 2020", "application_date",
                        b -> b.applicationDate(LocalDate.of(2019, 12, 31)).contentDate(LocalDate.of(2019, 12, 31))),
                bad("no facts", "decision_facts", b -> b.decisionFacts("")),
                bad("facts over 5000 characters", "decision_facts", b -> b.decisionFacts(longText)),
                bad("no source type", "source_type", b -> b.sourceType(null)),
                bad("unknown source type", "source_type", b -> b.sourceType("SOURCE_OTHER")),
                bad("source identity with own initiative", "source_identity", b -> b.sourceIdentity("Hotline X")),
                bad("no automated decision", "automated_decision", b -> b.automatedDecision(null)),
                bad("unknown automated decision", "automated_decision", b -> b.automatedDecision("AUTOMATED_DECISION_YES")),
                bad("no puid", "puid", b -> b.puid(null)),
                bad("puid with a space", "puid", b -> b.puid("dec 1")),
                bad("puid with a slash", "puid", b -> b.puid("tenant/dec-1")),
                bad("puid over 500", "puid", b -> b.puid("a".repeat(501))),
                bad("territory outside the EU/EEA", "territorial_scope", b -> b.territorialScope("DE", "US")),
                bad("Greece as EL", "territorial_scope", b -> b.territorialScope("EL")),
                bad("repeated territory", "territorial_scope", b -> b.territorialScope("DE", "DE")),
                bad("no redress", "redress", b -> b.redress(null)),
                bad("appeal deadline under six months", "redress.appeal_deadline",
                        b -> b.redress(Redress.of("https://example.com/appeals", DAY.plusDays(180)))),
                bad("redress without a channel", "redress.appeal_channel",
                        b -> b.redress(Redress.of(" ", DAY.plusMonths(6)))));
    }

    static Stream<Arguments> invalidIllegalCombinations() {
        return Stream.of(
                bad("illegal ground without its legal ground", "illegal_content_legal_ground",
                        b -> b.illegalContentLegalGround(null)),
                bad("illegal ground without its explanation", "illegal_content_explanation",
                        b -> b.illegalContentExplanation(null)),
                bad("illegal explanation over 2000", "illegal_content_explanation",
                        b -> b.illegalContentExplanation("x".repeat(2001))),
                bad("illegal ground with a terms ground", "incompatible_content_ground",
                        b -> b.incompatibleContentGround("AUP")),
                bad("illegal ground with a terms explanation", "incompatible_content_explanation",
                        b -> b.incompatibleContentExplanation("AUP")),
                bad("incompatible_content_illegal with the illegal ground", "incompatible_content_illegal",
                        b -> b.incompatibleContentIllegal("Yes")));
    }

    private static Arguments bad(String name, String field, UnaryOperator<StatementOfReasons.Builder> change) {
        return Arguments.of(name, field, change);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidCombinations")
    void refusesInvalidCombinationsNamingTheField(String name, String field,
            UnaryOperator<StatementOfReasons.Builder> change) {
        assertRefused(base(), field, change);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidIllegalCombinations")
    void refusesInvalidIllegalGroundCombinationsNamingTheField(String name, String field,
            UnaryOperator<StatementOfReasons.Builder> change) {
        assertRefused(illegal(), field, change);
    }

    private static void assertRefused(StatementOfReasons.Builder valid, String field,
            UnaryOperator<StatementOfReasons.Builder> change) {
        valid.build(); // the starting point itself is valid
        StatementFieldException e = assertThrows(StatementFieldException.class, () -> change.apply(valid).build());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void temporaryRestrictionsMayCarryTheirEndDates() {
        StatementOfReasons s = base()
                .decisionProvision("DECISION_PROVISION_PARTIAL_SUSPENSION").endDateServiceRestriction(DAY.plusDays(7))
                .decisionMonetary("DECISION_MONETARY_SUSPENSION").endDateMonetaryRestriction(DAY.plusDays(7))
                .endDateVisibilityRestriction(DAY)
                .build();
        assertEquals(DAY.plusDays(7), s.endDateServiceRestriction());
        assertEquals(DAY, s.endDateVisibilityRestriction());
    }

    @Test
    void otherTextsAreAcceptedWithTheirOtherValue() {
        StatementOfReasons s = base()
                .decisionVisibility("DECISION_VISIBILITY_OTHER").decisionVisibilityOther("Output withheld")
                .decisionMonetary("DECISION_MONETARY_OTHER").decisionMonetaryOther("Credits frozen")
                .contentType("CONTENT_TYPE_OTHER").contentTypeOther("3D model")
                .categorySpecification("KEYWORD_OTHER").categorySpecificationOther("Gore")
                .build();
        assertEquals("Output withheld", s.decisionVisibilityOther());
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
        StatementOfReasons s = base().decisionFacts(emoji.repeat(5000)).build();
        assertEquals(5000, s.decisionFacts().codePointCount(0, s.decisionFacts().length()));
        StatementFieldException e = assertThrows(StatementFieldException.class,
                () -> base().decisionFacts(emoji.repeat(5001)).build());
        assertEquals("decision_facts", e.field());
    }

    @Test
    void blankOptionalStringsCountAsAbsent() {
        StatementOfReasons s = base().accountType(" ").contentLanguage("").build();
        assertEquals(null, s.accountType());
        assertFalse(s.toTdbJson().contains("account_type"));
    }

    @Test
    void validatesAgainstTheVocabularyItIsGiven() throws Exception {
        // The same vocabulary without STATEMENT_CATEGORY_OTHER_VIOLATION_TC refuses the base statement, so the check
        // reads the vocabulary rather than a list in the code.
        ObjectNode root;
        try (InputStream in = DsaVocabulary.class.getResourceAsStream(DsaVocabulary.RESOURCE)) {
            root = (ObjectNode) JSON.readTree(in);
        }
        ((ObjectNode) root.get("category")).remove("STATEMENT_CATEGORY_OTHER_VIOLATION_TC");
        DsaVocabulary reduced = DsaVocabulary.parse(new ByteArrayInputStream(JSON.writeValueAsBytes(root)));
        StatementOfReasons s = base().build();
        StatementFieldException e = assertThrows(StatementFieldException.class, () -> s.validateAgainst(reduced));
        assertEquals("category", e.field());
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<String> types = new ArrayList<>(List.of("CONTENT_TYPE_IMAGE"));
        StatementOfReasons s = base().contentType(types).build();
        types.add("CONTENT_TYPE_VIDEO");
        assertEquals(List.of("CONTENT_TYPE_IMAGE"), s.contentType());
        assertThrows(UnsupportedOperationException.class, () -> s.contentType().add("CONTENT_TYPE_TEXT"));
    }

    /** Asserts that every enumerated value in a TDB payload is in the vocabulary and every field name is a TDB one. */
    static void assertTdbPayloadValid(String tdbJson) throws Exception {
        DsaVocabulary v = DsaVocabulary.standard();
        JsonNode json = JSON.readTree(tdbJson);
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            assertTrue(TDB_FIELDS.contains(name), "not a TDB field: " + name);
            String vocabularyField = name.equals("category_addition") ? "category" : name;
            if (v.fields().contains(vocabularyField)) {
                JsonNode value = json.get(name);
                if (value instanceof ArrayNode array) {
                    for (JsonNode item : array) {
                        assertTrue(v.allows(vocabularyField, item.asText()), name + ": " + item);
                    }
                } else {
                    assertTrue(v.allows(vocabularyField, value.asText()), name + ": " + value);
                }
            }
        }
        for (String required : List.of("decision_ground", "category", "content_type", "content_date",
                "application_date", "decision_facts", "source_type", "automated_detection", "automated_decision",
                "puid")) {
            assertTrue(json.has(required), "missing required field " + required);
        }
    }
}

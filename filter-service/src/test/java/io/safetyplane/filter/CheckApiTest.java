package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.Api.check;
import static io.safetyplane.filter.Api.header;
import static io.safetyplane.filter.Api.records;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;

@QuarkusTest
class CheckApiTest {

    @Test
    void aBenignPromptIsAllowedAndItsDecisionIsEmitted() throws Exception {
        JsonPath verdict = check("self-serve", "req-allow-1", BENIGN).statusCode(200)
                .contentType(ContentType.JSON)
                .body("decision", is("allow"))
                .body("categories", empty())
                .body("findings", empty())
                .body("tenantId", is("self-serve"))
                .body("requestId", is("req-allow-1"))
                .body("policyVersion", notNullValue())
                .body("violationEventId", nullValue())
                .extract().jsonPath();
        assertEquals(sha256(BENIGN), verdict.getString("promptSha256"));

        ConsumerRecord<String, byte[]> record = records(Topics.DECISIONS, 1,
                r -> verdict.getString("decisionEventId").equals(header(r, CloudEvents.H_ID))).get(0);
        assertEquals("self-serve/acct-7", record.key());
        assertEquals(CloudEvents.DECISION_TYPE, header(record, CloudEvents.H_TYPE));
        assertEquals("/filter-service", header(record, CloudEvents.H_SOURCE));
        assertEquals("1.0", header(record, CloudEvents.H_SPEC_VERSION));
        assertEquals(CloudEvents.CONTENT_TYPE, header(record, CloudEvents.H_CONTENT_TYPE));
        Decision d = Decision.parseFrom(record.value());
        assertEquals(verdict.getString("decisionEventId"), d.getEventId());
        assertEquals("filter-service", d.getDecider());
        assertEquals(ContentStage.CONTENT_STAGE_PROMPT, d.getStage());
        assertEquals(Action.ACTION_ALLOW, d.getAction());
        assertEquals(List.of(), d.getReasonsList());
        assertEquals("sha256", d.getHashes(0).getType());
        assertEquals(sha256(BENIGN), d.getHashes(0).getValue());
        assertEquals("req-allow-1", d.getContext().getRequestId());
        assertEquals("self-serve-user-99", d.getContext().getEndUserId());
        assertEquals(verdict.getString("policyVersion"), d.getPolicyVersion());
    }

    @Test
    void aCsamPromptIsBlockedAndReportedWithItsRuleAndSpansAndAViolationWithoutTheText() throws Exception {
        JsonPath verdict = check("self-serve", "req-csam-1", CSAM).statusCode(200)
                .body("decision", is("block_and_report"))
                .body("categories[0].category", is("csam"))
                .body("categories[0].severity", is("critical"))
                .body("categories[0].action", is("block_and_report"))
                .body("categories[0].hazards", hasItem("S4"))
                .body("findings.category", hasItem("csam"))
                .body("violationEventId", notNullValue())
                .extract().jsonPath();
        Map<String, Object> csam = verdict.getMap("findings.find { it.category == 'csam' }");
        String rule = (String) csam.get("rule");
        assertTrue(rule.startsWith("csam."), rule);
        // every hit points at the text it matched in the original prompt
        List<Map<String, Object>> hits = verdict.getList("findings.find { it.category == 'csam' }.hits");
        assertFalse(hits.isEmpty());
        for (Map<String, Object> hit : hits) {
            @SuppressWarnings("unchecked")
            Map<String, Object> span = (Map<String, Object>) hit.get("span");
            assertEquals(CSAM.substring((int) span.get("start"), (int) span.get("end")), span.get("text"));
            assertEquals(span.get("start"), span.get("codePointStart")); // no surrogate pairs in this prompt
            assertFalse(((String) hit.get("view")).isEmpty());
            assertFalse(((String) hit.get("list")).isEmpty());
            assertFalse(((String) hit.get("term")).isEmpty());
        }

        ConsumerRecord<String, byte[]> record = records(Topics.VIOLATIONS, 1,
                r -> verdict.getString("violationEventId").equals(header(r, CloudEvents.H_ID))).get(0);
        assertEquals("self-serve/acct-7", record.key());
        assertEquals(CloudEvents.VIOLATION_TYPE, header(record, CloudEvents.H_TYPE));
        assertEquals("/filter-service", header(record, CloudEvents.H_SOURCE));
        Violation v = Violation.parseFrom(record.value());
        assertEquals("filter-service", v.getDetector());
        assertEquals("csam", v.getCategory());
        assertEquals(Severity.SEVERITY_CRITICAL, v.getSeverity());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, v.getAction());
        assertEquals(ContentStage.CONTENT_STAGE_PROMPT, v.getStage());
        assertTrue(v.getReportable());
        assertEquals("self-serve", v.getContext().getTenantId());
        assertEquals("acct-7", v.getContext().getAccountId());
        assertEquals("self-serve-user-99", v.getContext().getEndUserId());
        assertEquals("req-csam-1", v.getContext().getRequestId());
        assertEquals(sha256(CSAM), v.getHashes(0).getValue());
        assertTrue(v.getEvidenceList().stream().anyMatch(e -> e.getKind().equals("lexicon") && e.getName().equals(rule)
                && !e.getDetail().isEmpty()), v.getEvidenceList().toString());
        String payload = new String(record.value(), StandardCharsets.ISO_8859_1);
        assertFalse(payload.contains(CSAM) || payload.contains("12yo girl"), "the violation must not carry the prompt");

        ConsumerRecord<String, byte[]> decision = records(Topics.DECISIONS, 1,
                r -> verdict.getString("decisionEventId").equals(header(r, CloudEvents.H_ID))).get(0);
        Decision d = Decision.parseFrom(decision.value());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, d.getAction());
        assertTrue(d.getReasonsList().contains(rule), d.getReasonsList().toString());
    }

    @Test
    void aRetriedRequestCarriesTheSameEventIds() throws Exception {
        JsonPath first = check("self-serve", "req-retry-1", CSAM).statusCode(200).extract().jsonPath();
        JsonPath second = check("self-serve", "req-retry-1", CSAM).statusCode(200).extract().jsonPath();
        assertEquals(first.getString("violationEventId"), second.getString("violationEventId"));
        assertEquals(first.getString("decisionEventId"), second.getString("decisionEventId"));
        List<ConsumerRecord<String, byte[]>> both = records(Topics.VIOLATIONS, 2, r -> {
            try {
                return Violation.parseFrom(r.value()).getContext().getRequestId().equals("req-retry-1");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(header(both.get(0), CloudEvents.H_ID), header(both.get(1), CloudEvents.H_ID));
        // another request with the same prompt is another event
        String other = check("self-serve", "req-retry-2", CSAM).statusCode(200).extract().path("violationEventId");
        assertFalse(other.equals(first.getString("violationEventId")));
    }

    @Test
    void trapWordsPass() {
        for (String prompt : List.of("a cocktail party in Essex near Scunthorpe", "grapes and rapeseed fields in June",
                "teenage mutant ninja turtles at a kids' birthday party", "a breast cancer awareness poster")) {
            check("self-serve", "req-trap", prompt).statusCode(200).body("decision", is("allow")).body("categories", empty());
        }
    }

    @Test
    void theCustomMethodPathWorksWithARawOrAnEncodedColon() {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("context", Map.of("tenantId", "self-serve"), "prompt", BENIGN))
                .post("/v1/prompts:check").then().statusCode(200).body("decision", is("allow"));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("context", Map.of("tenantId", "self-serve"), "prompt", BENIGN))
                .post("/v1/prompts%3Acheck").then().statusCode(200).body("decision", is("allow"));
    }

    @Test
    void aPromptAtTheLimitIsChecked() {
        check("self-serve", "req-limit", "a".repeat(32_768)).statusCode(200).body("decision", is("allow"));
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}

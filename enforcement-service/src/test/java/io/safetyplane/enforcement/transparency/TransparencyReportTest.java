package io.safetyplane.enforcement.transparency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.safetyplane.testsupport.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The transparency report's figures over rows seeded in 2012, a year no other test writes (the tables' writers are
 * built elsewhere; their rows are inserted here as those writers store them).
 */
@QuarkusTest
class TransparencyReportTest {
    private static final String AUDITOR = TestTokens.token("auditor-1", "auditor");
    private static final String YEAR = "/v1/transparency-report?from=2012-01-01&to=2013-01-01";

    @Inject
    Pool pool;

    @Test
    void theFiguresOfAPeriodInJsonCsvAndMarkdown() {
        seed();
        Map<String, String> expected = new TreeMap<>();
        expected.put("tipline/reports_filed", "0");
        expected.put("user_reports/reports", "3");
        expected.put("user_reports/reports/category=csam", "2");
        expected.put("user_reports/reports/category=spam", "1");
        expected.put("actions/sanctions", "4");
        expected.put("actions/sanctions/action=disable", "1");
        expected.put("actions/sanctions/action=suspend", "1");
        expected.put("actions/sanctions/action=warn", "2");
        expected.put("actions/sanctions/category=csam", "1");
        expected.put("actions/sanctions/category=hate", "1");
        expected.put("actions/sanctions/category=sexual", "2");
        expected.put("actions/sanctions/decision=automated", "2");
        expected.put("actions/sanctions/decision=human", "2");
        expected.put("actions/automated_detection", "3");
        expected.put("actions/automated_detection_share", "0.75");
        expected.put("statements_of_reasons/statements_of_reasons", "4");
        expected.put("statements_of_reasons/statements_of_reasons/kind=lift", "1");
        expected.put("statements_of_reasons/statements_of_reasons/kind=sanction", "3");
        expected.put("appeals/received", "4");
        expected.put("appeals/decided", "4");
        expected.put("appeals/decided/outcome=upheld", "2");
        expected.put("appeals/decided/outcome=overturned", "2");
        expected.put("appeals/median_hours_to_decision", "20");
        expected.put("review_accuracy/decided/kind=sampled-decision", "4");
        expected.put("review_accuracy/overturned/kind=sampled-decision", "1");
        expected.put("review_accuracy/error_rate/kind=sampled-decision", "0.25");
        expected.put("review_accuracy/decided/kind=violation", "2");
        expected.put("review_accuracy/overturned/kind=violation", "1");
        expected.put("review_accuracy/error_rate/kind=violation", "0.5");
        expected.put("detection/hash_matches", "1");
        expected.put("detection/hash_matches/category=csam", "1");
        expected.put("detection/prompt_blocks", "2");
        expected.put("detection/prompt_blocks/category=hate", "1");
        expected.put("detection/prompt_blocks/category=sexual", "1");
        expected.put("gate_decisions/decisions", "160");
        expected.put("gate_decisions/decisions/action=allow", "150");
        expected.put("gate_decisions/decisions/action=block", "10");

        JsonPath json = given().auth().oauth2(AUDITOR).get(YEAR).then().statusCode(200).contentType(startsWith("application/json"))
                .body("period.from", is("2012-01-01")).body("period.to", is("2013-01-01")).extract().jsonPath();
        Map<String, String> fromJson = new TreeMap<>();
        List<Map<String, Object>> sections = json.getList("sections");
        for (Map<String, Object> s : sections) {
            for (Object o : (List<?>) s.get("figures")) {
                Map<?, ?> f = (Map<?, ?>) o;
                Map<String, String> dims = new LinkedHashMap<>();
                ((Map<?, ?>) f.get("dimensions")).forEach((k, v) -> dims.put(k.toString(), v.toString()));
                fromJson.put(key(s.get("id").toString(), f.get("name").toString(), dims), number(f.get("value")));
            }
        }
        assertEquals(expected, fromJson);

        // CSV: the same figures, one row each
        String csv = given().auth().oauth2(AUDITOR).accept("text/csv").get(YEAR).then().statusCode(200).contentType(startsWith("text/csv"))
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("section,figure,dimensions,value", lines[0]);
        Map<String, String> fromCsv = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertEquals(4, cells.length, lines[i]);
            fromCsv.put(cells[0] + "/" + cells[1] + (cells[2].isEmpty() ? "" : "/" + cells[2].replace(';', ',')), number(cells[3]));
        }
        assertEquals(expected, fromCsv);

        // Markdown: a table row for every figure, with its dimensions and the same value
        String markdown = given().auth().oauth2(AUDITOR).queryParam("format", "markdown").get(YEAR).then().statusCode(200)
                .contentType(startsWith("text/markdown")).extract().asString();
        assertTrue(markdown.startsWith("# Transparency report\n\nPeriod: 2012-01-01 to 2012-12-31"), markdown);
        assertTrue(markdown.contains("## Appeals (internal complaints, DSA art. 20)"), markdown);
        assertTrue(markdown.contains("| figure | outcome | value |\n|---|---|---:|\n| received |  | 4 |\n| decided |  | 4 |\n"
                + "| decided | upheld | 2 |\n| decided | overturned | 2 |\n| median_hours_to_decision |  | 20.00 |\n"), markdown);
        for (String line : csv.split("\r\n")) {
            String[] cells = line.split(",", -1);
            if (!cells[0].equals("section")) {
                String dims = cells[2].isEmpty() ? "" : String.join(" | ", List.of(cells[2].replaceAll("[a-z_-]+=", "").split(";")));
                assertTrue(markdown.lines().anyMatch(l -> l.startsWith("| " + cells[1] + " |") && l.endsWith("| " + cells[3] + " |")
                        && (dims.isEmpty() || l.contains("| " + dims + " |"))), "markdown lacks " + line);
            }
        }
    }

    @Test
    void aReportWithNothingInItsPeriodHasZerosAndNoRates() {
        JsonPath json = given().auth().oauth2(TestTokens.token("admin-1", "admin")).get("/v1/transparency-report?from=1999-01-01&to=1999-02-01")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, json.getInt("sections.find { it.id == 'actions' }.figures.find { it.name == 'sanctions' }.value"));
        assertNull(json.get("sections.find { it.id == 'appeals' }.figures.find { it.name == 'median_hours_to_decision' }.value"));
        assertNull(json.get("sections.find { it.id == 'review_accuracy' }.figures.find { it.name == 'error_rate' }.value"));
    }

    @Test
    void badPeriodsFormatsAndCallersAreRefused() {
        for (String query : List.of("", "?from=2012-01-01", "?to=2012-01-01", "?from=2012-01-01&to=2012-01-01", "?from=2012-02-01&to=2012-01-01",
                "?from=2012-01-01&to=2013-01-02", "?from=2012-13-01&to=2013-01-01", "?from=yesterday&to=2013-01-01")) {
            given().auth().oauth2(AUDITOR).get("/v1/transparency-report" + query).then().statusCode(400)
                    .body("type", is("urn:safety-plane:problem:invalid-period"));
        }
        given().auth().oauth2(AUDITOR).queryParam("format", "xml").get(YEAR).then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:unknown-format"));
        given().auth().oauth2(AUDITOR).accept("text/markdown").get(YEAR).then().statusCode(200).contentType(startsWith("text/markdown"));
        given().get(YEAR).then().statusCode(401);
        given().auth().oauth2(TestTokens.token("reviewer-1", "reviewer")).get(YEAR).then().statusCode(403);
        given().auth().oauth2(TestTokens.token("acme-api", Map.of("tenant_id", "acme"), "tenant")).get(YEAR).then().statusCode(403);
    }

    private static String key(String section, String figure, Map<String, String> dims) {
        StringBuilder k = new StringBuilder(section + "/" + figure);
        if (!dims.isEmpty()) {
            k.append('/');
            dims.forEach((d, v) -> k.append(k.charAt(k.length() - 1) == '/' ? "" : ",").append(d).append('=').append(v));
        }
        return k.toString();
    }

    private static String number(Object value) {
        return value == null || value.toString().isEmpty() ? "null" : new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    // --- the seed: what the writers of these tables store -----------------------------------------

    private void seed() {
        // abuse reports: two in the period's first and last moments' neighbourhood, one on each side outside it
        abuseReport("csam", "2012-01-01T00:00:00Z");
        abuseReport("csam", "2012-12-31T23:59:59Z");
        abuseReport("spam", "2012-06-01T12:00:00Z");
        abuseReport("spam", "2011-12-31T23:59:59Z");
        abuseReport("spam", "2013-01-01T00:00:00Z");
        // sanctions by start: automated warn and suspend after detections, a reviewer's disable after a hash match, a manual warning
        UUID s0 = sanction("warn", "sexual", "2011-12-01T00:00:00Z", "system:ladder", "v0");
        UUID s1 = sanction("warn", "sexual", "2012-02-01T00:00:00Z", "system:ladder", "v1");
        UUID s2 = sanction("suspend", "sexual", "2012-03-01T00:00:00Z", "system:ladder", "v2");
        UUID s3 = sanction("disable", "csam", "2012-04-01T00:00:00Z", "reviewer-1", "v3");
        UUID s4 = sanction("warn", "hate", "2012-12-01T00:00:00Z", "reviewer-2", null);
        sanction("warn", "hate", "2013-01-01T00:00:00Z", "system:ladder", "v9");
        // violations by occurrence
        violation("v1", "classifier-service", "sexual", "upload", "block", "2012-02-01T00:00:00Z");
        violation("v2", "filter-service", "sexual", "prompt", "block", "2012-03-01T00:00:00Z");
        violation("v3", "hash-service", "csam", "upload", "block_and_report", "2012-04-01T00:00:00Z");
        violation("v4", "filter-service", "hate", "prompt", "block", "2012-05-01T00:00:00Z");
        violation("v5", "filter-service", "sexual", "prompt", "review", "2012-05-02T00:00:00Z");
        violation("v6", "hash-service", "csam", "upload", "block_and_report", "2013-01-01T00:00:00Z");
        // statements of reasons
        notice(s1, "sanction", "2012-02-01T00:00:00Z");
        notice(s2, "sanction", "2012-03-01T00:00:00Z");
        notice(s3, "sanction", "2012-04-01T00:00:00Z");
        notice(s4, "lift", "2012-12-02T00:00:00Z");
        notice(s0, "sanction", "2011-12-01T00:00:00Z");
        // appeals: decided after 10, 20 and 30 hours in the period, one filed before it (20 h), one still open
        appeal(s0, "2011-12-31T20:00:00Z", "upheld", "2012-01-01T16:00:00Z");
        appeal(s1, "2012-02-02T00:00:00Z", "overturned", "2012-02-02T10:00:00Z");
        appeal(s2, "2012-03-02T00:00:00Z", "upheld", "2012-03-02T20:00:00Z");
        appeal(s3, "2012-04-02T00:00:00Z", "overturned", "2012-04-03T06:00:00Z");
        appeal(s4, "2012-12-31T00:00:00Z", null, null);
        // review items: four sampled decisions decided (one overturned), two flagged violations (one overturned); others not counted
        reviewItem("sampled-decision", "decided", "confirmed", "2012-05-01T00:00:00Z");
        reviewItem("sampled-decision", "decided", "confirmed", "2012-05-02T00:00:00Z");
        reviewItem("sampled-decision", "decided", "confirmed", "2012-05-03T00:00:00Z");
        reviewItem("sampled-decision", "decided", "overturned", "2012-05-04T00:00:00Z");
        reviewItem("sampled-decision", "open", null, null);
        reviewItem("sampled-decision", "decided", "overturned", "2013-01-01T00:00:00Z");
        reviewItem("violation", "decided", "confirmed", "2012-06-01T00:00:00Z");
        reviewItem("violation", "decided", "overturned", "2012-06-02T00:00:00Z");
        reviewItem("abuse-report", "decided", "overturned", "2012-06-03T00:00:00Z");
        // gate decisions by day
        decisions("2012-01-01", "filter-service", "prompt", "allow", 100);
        decisions("2012-03-01", "filter-service", "prompt", "block", 7);
        decisions("2012-06-01", "classifier-service", "output", "block", 3);
        decisions("2012-12-31", "hash-service", "upload", "allow", 50);
        decisions("2013-01-01", "filter-service", "prompt", "allow", 1000);
        decisions("2011-12-31", "filter-service", "prompt", "allow", 1000);
    }

    private void abuseReport(String category, String at) {
        exec("insert into abuse_reports (id, category, description, reporter_key, received_at) values ($1, $2, 'seen', 'k', $3)",
                UUID.randomUUID(), category, time(at));
    }

    private UUID sanction(String action, String category, String start, String decidedBy, String violation) {
        UUID id = UUID.randomUUID();
        exec("insert into sanctions (id, tenant_id, account_id, action, starts_at, category, rule, reason, violation_event_id, automated, "
                + "decided_by) values ($1, 'report-tenant', 'report-account', $2, $3, $4, 'r', 'seeded', $5, $6, $7)",
                id, action, time(start), category, violation == null ? null : violation + "-" + id, decidedBy.startsWith("system:"), decidedBy);
        return id;
    }

    private void violation(String id, String detector, String category, String stage, String verdict, String at) {
        exec("insert into violations (event_id, tenant_id, account_id, detector, category, severity, verdict, stage, reportable, occurred_at, "
                + "received_at, ladder_reason) values ($1, 'report-tenant', 'report-account', $2, $3, 'high', $4, $5, false, $6, $6, 'seeded')",
                id + "-" + UUID.randomUUID(), detector, category, verdict, stage, time(at));
    }

    private void notice(UUID sanction, String kind, String at) {
        exec("insert into notices (id, sanction_id, tenant_id, account_id, kind, statement, subject, body, created_at) "
                + "values ($1, $2, 'report-tenant', 'report-account', $3, '{}'::jsonb, 's', 'b', $4)", UUID.randomUUID(), sanction, kind, time(at));
    }

    private void appeal(UUID sanction, String filed, String outcome, String decided) {
        exec("insert into appeals (id, sanction_id, tenant_id, account_id, filed_by, filed_as, statement, filed_at, decide_by, state, outcome, "
                + "decided_by, decided_at, reason) values ($1, $2, 'report-tenant', 'report-account', 'u', 'user', 's', $3, $3, $4, $5, $6, $7, $8)",
                UUID.randomUUID(), sanction, time(filed), outcome == null ? "open" : "decided", outcome, outcome == null ? null : "reviewer-3",
                decided == null ? null : time(decided), outcome == null ? null : "reasons");
    }

    private void reviewItem(String kind, String state, String outcome, String decided) {
        exec("insert into review_items (id, kind, state, created_at, outcome, decided_by, decided_at) values ($1, $2, $3, $4, $5, $6, $7)",
                UUID.randomUUID(), kind, state, time("2012-01-01T00:00:00Z"), outcome, outcome == null ? null : "reviewer-4",
                decided == null ? null : time(decided));
    }

    private void decisions(String day, String decider, String stage, String action, long count) {
        exec("insert into decision_counts (day, decider, stage, action, count) values ($1, $2, $3, $4, $5)",
                java.time.LocalDate.parse(day), decider, stage, action, count);
    }

    private static OffsetDateTime time(String iso) {
        return OffsetDateTime.parse(iso);
    }

    private void exec(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }
}

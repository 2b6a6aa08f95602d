package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;
import static io.safetyplane.enforcement.ReviewTesting.ADMIN;
import static io.safetyplane.enforcement.ReviewTesting.AUDITOR;
import static io.safetyplane.enforcement.ReviewTesting.REVIEWER;
import static io.safetyplane.enforcement.ReviewTesting.REVIEWER_2;
import static io.safetyplane.enforcement.ReviewTesting.SENIOR;
import static io.safetyplane.enforcement.ReviewTesting.SENIOR_2;
import static io.safetyplane.enforcement.ReviewTesting.awaitItem;
import static io.safetyplane.enforcement.ReviewTesting.decide;
import static io.safetyplane.enforcement.ReviewTesting.items;
import static io.safetyplane.enforcement.ReviewTesting.standing;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.TestTokens;

/** Flagged violations and pending disables in the review queue, decided by people, with four-eyes for permanent disables. */
@QuarkusTest
class ReviewQueueTest {

    static Violation send(String account, String category, Severity severity, Action action, ContentStage stage, String detector)
            throws Exception {
        Violation v = ViolationIntakeTest.violation("self-serve", account, "", category, severity, action).toBuilder().setStage(stage)
                .setDetector(detector).build();
        ReviewTesting.send(Topics.VIOLATIONS, "self-serve/" + account, v.toByteArray());
        return v;
    }

    static Map<String, Object> flagged(String account) throws Exception {
        Violation v = send(account, "sexual", Severity.SEVERITY_MEDIUM, Action.ACTION_REVIEW, ContentStage.CONTENT_STAGE_UPLOAD,
                "classifier-service");
        return awaitItem("the flagged violation queued", REVIEWER, i -> v.getEventId().equals(i.get("violationEventId")));
    }

    static Map<String, Object> pendingDisable(String account) throws Exception {
        Violation v = send(account, "csam", Severity.SEVERITY_CRITICAL, Action.ACTION_BLOCK_AND_REPORT, ContentStage.CONTENT_STAGE_PROMPT,
                "filter-service");
        return awaitItem("the pending disable queued", REVIEWER, i -> v.getEventId().equals(i.get("violationEventId")));
    }

    @Test
    void aConfirmedFlaggedViolationIsSanctionedByTheReviewer() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> item = flagged(account);
        assertEquals("violation", item.get("kind"));
        assertEquals("review", item.get("automatedVerdict"));
        assertEquals("active", standing("self-serve", account, ""), "nothing imposed before review");
        Object id = item.get("id");
        given().auth().oauth2(REVIEWER).get("/v1/review-items/" + id).then().statusCode(200)
                .body("violation.detector", is("classifier-service")).body("violation.category", is("sexual"));

        // who may look and decide, and what a bad request gets
        given().get("/v1/review-items").then().statusCode(401);
        given().auth().oauth2(AUDITOR).get("/v1/review-items").then().statusCode(403);
        decide(AUDITOR, id, "confirm").statusCode(403);
        decide(REVIEWER, id, "maybe").statusCode(400);
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body("{}").post("/v1/review-items/" + id + "/decision").then()
                .statusCode(400);
        decide(REVIEWER, UUID.randomUUID(), "confirm").statusCode(404)
                .body("type", is("urn:safety-plane:problem:unknown-review-item"));
        given().auth().oauth2(REVIEWER).get("/v1/review-items/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(REVIEWER).queryParam("state", "lost").get("/v1/review-items").then().statusCode(400);

        String sanction = decide(REVIEWER, id, "confirm").statusCode(200).body("state", is("decided")).body("outcome", is("confirmed"))
                .body("decidedBy", is("reviewer-1")).body("sanctionId", notNullValue()).extract().path("sanctionId");
        assertEquals("warned", standing("self-serve", account, ""));
        decide(REVIEWER_2, id, "overturn").statusCode(409).body("type", is("urn:safety-plane:problem:review-item-decided"));
        assertTrue(items(REVIEWER).stream().noneMatch(i -> id.equals(i.get("id"))), "a decided item leaves the open queue");
        given().auth().oauth2(REVIEWER).queryParam("state", "decided").get("/v1/review-items").then().statusCode(200);

        // the sanction was decided by a person, and both it and the review are in the audit log
        List<Map<String, Object>> audit = given().auth().oauth2(AUDITOR).queryParam("limit", 1000).get("/v1/audit-log").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertTrue(audit.stream().anyMatch(e -> "sanction.applied".equals(e.get("action")) && sanction.equals(((Map<?, ?>) e.get("subject")).get("id"))
                && "reviewer-1".equals(((Map<?, ?>) e.get("actor")).get("id"))), "the sanction is the reviewer's");
        assertTrue(audit.stream().anyMatch(e -> "review.confirmed".equals(e.get("action")) && id.equals(((Map<?, ?>) e.get("subject")).get("id"))));
    }

    @Test
    void anOverturnedFlaggedViolationSanctionsNothing() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Object id = flagged(account).get("id");
        decide(REVIEWER, id, "overturn").statusCode(200).body("outcome", is("overturned")).body("sanctionId", nullValue());
        assertEquals("active", standing("self-serve", account, ""));
    }

    @Test
    void aPermanentDisableNeedsTwoDifferentReviewers() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> item = pendingDisable(account);
        assertEquals("disable-pending-review", item.get("automatedVerdict"));
        assertEquals("suspended", standing("self-serve", account, ""));
        Object id = item.get("id");

        decide(SENIOR, id, "confirm").statusCode(200).body("state", is("awaiting-second-review")).body("queue", is("senior-reviewer"))
                .body("firstReviewer", is("senior-1"));
        assertEquals("suspended", standing("self-serve", account, ""), "one confirm does not disable");
        decide(SENIOR, id, "confirm").statusCode(409).body("type", is("urn:safety-plane:problem:second-reviewer-required"));
        decide(REVIEWER_2, id, "confirm").statusCode(403);
        given().auth().oauth2(REVIEWER).get("/v1/review-items/" + id).then().statusCode(403);
        decide(SENIOR_2, id, "confirm").statusCode(200).body("state", is("decided")).body("outcome", is("confirmed"))
                .body("decidedBy", is("senior-2"));
        assertEquals("disabled", standing("self-serve", account, ""));
        List<String> sanctions = given().auth().oauth2(REVIEWER).get("/v1/tenants/self-serve/accounts/" + account + "/standing").then()
                .extract().jsonPath().getList("sanctionIds");
        assertEquals(1, sanctions.size(), "the disable replaced the pending suspension: " + sanctions);

        // the account appeals: neither of the two who took the decision may decide the appeal
        String user = TestTokens.token("user-" + account, Map.of("tenant_id", "self-serve", "account_id", account), "user");
        String appeal = given().auth().oauth2(user).contentType(ContentType.JSON).body(Map.of("statement", "a mistake"))
                .post("/v1/sanctions/" + sanctions.get(0) + "/appeals").then().statusCode(201).extract().path("id");
        for (String tookPart : List.of(SENIOR, SENIOR_2)) {
            given().auth().oauth2(tookPart).contentType(ContentType.JSON).body(Map.of("outcome", "overturned", "reason", "-"))
                    .post("/v1/appeals/" + appeal + "/decision").then().statusCode(409)
                    .body("type", is("urn:safety-plane:problem:same-reviewer"));
        }
        given().auth().oauth2(REVIEWER_2).contentType(ContentType.JSON).body(Map.of("outcome", "upheld", "reason", "the prompt was clear"))
                .post("/v1/appeals/" + appeal + "/decision").then().statusCode(200).body("outcome", is("upheld"));
        assertEquals("disabled", standing("self-serve", account, ""));
    }

    @Test
    void anOverturnedPendingDisableRestoresTheAccount() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Object id = pendingDisable(account).get("id");
        decide(REVIEWER, id, "confirm").statusCode(200).body("state", is("awaiting-second-review"));
        decide(ADMIN, id, "overturn").statusCode(200).body("outcome", is("overturned"));
        assertEquals("active", standing("self-serve", account, ""));

        String other = "acct-" + UUID.randomUUID();
        Object first = pendingDisable(other).get("id");
        decide(REVIEWER, first, "overturn").statusCode(200).body("outcome", is("overturned"));
        assertEquals("active", standing("self-serve", other, ""), "an overturn at the first stage restores it too");
    }

    @Test
    void anEscalatedItemGoesToTheSeniorReviewers() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Object id = flagged(account).get("id");
        decide(REVIEWER, id, "escalate").statusCode(200).body("state", is("escalated")).body("queue", is("senior-reviewer"));
        assertTrue(items(REVIEWER).stream().noneMatch(i -> id.equals(i.get("id"))), "no longer the reviewers'");
        given().auth().oauth2(REVIEWER).queryParam("queue", "senior-reviewer").get("/v1/review-items").then().statusCode(403);
        decide(REVIEWER, id, "confirm").statusCode(403);
        assertTrue(given().auth().oauth2(SENIOR).queryParam("queue", "senior-reviewer").queryParam("limit", 500).get("/v1/review-items")
                .then().statusCode(200).extract().jsonPath().getList("id").contains(id));
        decide(SENIOR, id, "escalate").statusCode(409);
        decide(SENIOR, id, "confirm").statusCode(200).body("outcome", is("confirmed")).body("decidedBy", is("senior-1"));
        assertEquals("warned", standing("self-serve", account, ""));
    }
}

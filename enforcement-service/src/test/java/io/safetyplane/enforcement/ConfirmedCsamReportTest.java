package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.testsupport.MediaSamples;

/**
 * A classifier-flagged CSAM output: its bytes are preserved, two reviewers confirm the permanent disable, and that second
 * confirmation queues the CyberTipline report with the evidence in the same transaction; reviewers only ever see the
 * preview. An overturn dismisses the evidence and reports nothing.
 */
@QuarkusTest
class ConfirmedCsamReportTest {
    private static final String REVIEWER = ReviewTesting.REVIEWER;
    private static final String SENIOR = ReviewTesting.SENIOR;

    @Inject
    EvidenceVault vault;

    @Test
    void theSecondConfirmationQueuesTheReportWithItsEvidence() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        Violation v = flaggedCsam(account);
        UUID evidenceId = preserve(v);
        Map<String, Object> item = pendingDisable(v);

        // the reviewer sees where the preview is, never the bytes
        given().auth().oauth2(REVIEWER).get("/v1/review-items/" + item.get("id")).then().statusCode(200)
                .body("evidence", hasSize(1)).body("evidence[0].id", is(evidenceId.toString()))
                .body("evidence[0].preview", is("/v1/evidence/" + evidenceId + "/preview"));
        given().auth().oauth2(REVIEWER).get("/v1/evidence/" + evidenceId + "/preview").then().statusCode(200).contentType("image/png");
        given().auth().oauth2(REVIEWER).queryParam("purpose", "curious").get("/v1/evidence/" + evidenceId + "/content").then().statusCode(403);

        decide(REVIEWER, item.get("id")).body("state", is("awaiting-second-review"));
        assertNull(reportOf(v.getEventId()), "one reviewer's confirmation reports nothing");
        decide(SENIOR, item.get("id")).body("state", is("decided")).body("outcome", is("confirmed"));

        TiplineReportEntity report = reportOf(v.getEventId());
        assertNotNull(report, "the second confirmation queued the report");
        assertEquals(TiplineReportEntity.REVIEW, report.basis);
        assertEquals("PENDING", report.state);
        assertEquals(UUID.fromString(item.get("id").toString()), report.reviewItemId);
        assertEquals("reviewer-1 and senior-1", report.confirmedBy);
        assertEquals(new Target(Target.Kind.ACCOUNT, "self-serve", account, ""), report.target());
        assertEquals("203.0.113.9", report.clientIp, "what the request said comes from the evidence");
        EvidenceEntity evidence = evidence(evidenceId);
        assertEquals(report.id, evidence.tiplineReportId, "the evidence goes with the report");
        assertNull(evidence.dismissal);
    }

    @Test
    void anOverturnDismissesTheEvidenceAndReportsNothing() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        Violation v = flaggedCsam(account);
        UUID evidenceId = preserve(v);
        Map<String, Object> item = pendingDisable(v);
        decide(REVIEWER, item.get("id")).body("state", is("awaiting-second-review"));
        given().auth().oauth2(SENIOR).contentType(ContentType.JSON).body(Map.of("outcome", "overturn", "note", "an adult, not CSAM"))
                .post("/v1/review-items/" + item.get("id") + "/decision").then().statusCode(200).body("outcome", is("overturned"));

        assertNull(reportOf(v.getEventId()));
        EvidenceEntity evidence = evidence(evidenceId);
        assertNotNull(evidence.dismissal, "the evidence will not be reported");
        assertNull(evidence.tiplineReportId);
    }

    /** A CSAM classifier block of a generated output: a suspension pending a second reviewer, not an automatic disable. */
    private static Violation flaggedCsam(String account) throws Exception {
        return ReviewQueueTest.send(account, "csam", Severity.SEVERITY_CRITICAL, Action.ACTION_BLOCK, ContentStage.CONTENT_STAGE_OUTPUT,
                "classifier-service");
    }

    private static Map<String, Object> pendingDisable(Violation v) throws InterruptedException {
        Map<String, Object> item = ReviewTesting.awaitItem("the pending disable queued", REVIEWER,
                i -> v.getEventId().equals(i.get("violationEventId")));
        assertEquals("disable-pending-review", item.get("automatedVerdict"));
        return item;
    }

    private UUID preserve(Violation v) throws Throwable {
        byte[] png = MediaSamples.bytes("sample.png");
        var c = v.getContext();
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> vault.preserve(new EvidenceVault.Submission(
                Target.of(c.getTenantId(), c.getAccountId(), c.getEndUserId()), "req-" + v.getEventId(), "out-1", v.getEventId(), "csam",
                "image/png", null, "output", Instant.now(), "203.0.113.9", "image-gen-3", false, Map.of(), List.of(), png))))
                .evidence().id;
    }

    private static io.restassured.response.ValidatableResponse decide(String token, Object item) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("outcome", "confirm", "note", "checked"))
                .post("/v1/review-items/" + item + "/decision").then().statusCode(200);
    }

    private static TiplineReportEntity reportOf(String violationEventId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> TiplineReportEntity.<TiplineReportEntity>find("violationEventId", violationEventId).firstResult()));
    }

    private static EvidenceEntity evidence(UUID id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> EvidenceEntity.<EvidenceEntity>findById(id)));
    }
}

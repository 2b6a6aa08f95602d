package io.safetyplane.enforcement.evidence;

import static io.restassured.RestAssured.given;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.ADMIN;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.AUDITOR;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.OFFICER;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.REVIEWER;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.SENIOR;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.audited;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.column;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.png;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;

/** The staff API: who sees what of the evidence, every read audited, legal holds, destruction, and bad input. */
@QuarkusTest
class EvidenceResourceTest {
    @TestHTTPResource
    URL url;

    /** Preserves a fresh PNG of {@code w} x {@code h}: its request and response. */
    private Map.Entry<PreserveRequest, PreserveResponse> preserve(int w, int h) {
        ManagedChannel channel = EvidenceTesting.channel(url);
        try {
            PreserveRequest req = request(png(w, h)).build();
            return Map.entry(req, EvidenceTesting.stub(channel).preserve(req));
        } finally {
            channel.shutdownNow();
        }
    }

    private String preserved() {
        return preserve(300, 200).getValue().getEvidenceId();
    }

    @Test
    void onlyATiplineOfficerGetsTheBytesAndEveryReadIsAudited() {
        Map.Entry<PreserveRequest, PreserveResponse> p = preserve(300, 200);
        String id = p.getValue().getEvidenceId();
        for (String token : new String[] {REVIEWER, SENIOR, ADMIN, AUDITOR}) {
            given().auth().oauth2(token).queryParam("purpose", "curious").get("/v1/evidence/" + id + "/content").then().statusCode(403)
                    .body("type", is("urn:safety-plane:problem:forbidden"));
        }
        given().queryParam("purpose", "x").get("/v1/evidence/" + id + "/content").then().statusCode(401);

        byte[] bytes = given().auth().oauth2(OFFICER).queryParam("purpose", "CyberTipline report review").get("/v1/evidence/" + id + "/content")
                .then().statusCode(200).contentType("image/png").header("Cache-Control", "no-store")
                .header("Content-Disposition", containsString("attachment")).extract().asByteArray();
        assertArrayEquals(p.getKey().getData().toByteArray(), bytes);
        given().auth().oauth2(OFFICER).header("Purpose", "second look").get("/v1/evidence/" + id + "/content").then().statusCode(200);
        assertEquals(2, audited("evidence.read", id, "ev-officer-1"));
        assertEquals(1L, EvidenceTesting.count("select count(*) from audit_log where action = 'evidence.read' and subject_id = ? "
                + "and reason = 'second look'", id));
        for (String who : new String[] {"ev-reviewer-1", "ev-senior-1", "ev-admin-1", "ev-auditor-1"}) {
            assertEquals(0, audited("evidence.read", id, who), who + " read nothing");
        }

        // without a purpose: refused, and nothing read
        given().auth().oauth2(OFFICER).get("/v1/evidence/" + id + "/content").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:purpose-required"));
        assertEquals(2, audited("evidence.read", id, "ev-officer-1"));
    }

    @Test
    void staffSeeMetadataOnly() {
        Map.Entry<PreserveRequest, PreserveResponse> p = preserve(300, 200);
        String id = p.getValue().getEvidenceId();
        String violation = p.getKey().getViolationEventId();
        for (String token : new String[] {REVIEWER, SENIOR, OFFICER, ADMIN, AUDITOR}) {
            given().auth().oauth2(token).get("/v1/evidence/" + id).then().statusCode(200).body("id", is(id))
                    .body("violationEventId", is(violation)).body("contentType", is("image/png")).body("status", is("AWAITING_REPORT"))
                    .body("sha256", is(EvidenceTesting.hex("SHA-256", p.getKey().getData().toByteArray())))
                    .body("stage", is("upload")).body("preservedUntil", nullValue()).body("holds", hasSize(0))
                    .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("ciphertext")));
        }
        given().auth().oauth2(AUDITOR).queryParam("violation", violation).get("/v1/evidence").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", is(id));
        assertEquals(1, audited("evidence.viewed", id, "ev-auditor-1"));
        given().get("/v1/evidence/" + id).then().statusCode(401);
        given().auth().oauth2(io.safetyplane.testsupport.TestTokens.token("t", "tenant")).get("/v1/evidence/" + id).then().statusCode(403);
    }

    @Test
    void reviewersSeeASmallGreyPreview() throws Exception {
        String id = preserved();
        byte[] png = given().auth().oauth2(REVIEWER).get("/v1/evidence/" + id + "/preview").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img.getWidth() <= 128 && img.getHeight() <= 128, img.getWidth() + "x" + img.getHeight());
        assertEquals(128, img.getWidth());
        assertEquals(1, img.getRaster().getNumBands(), "greyscale");
        assertEquals(1, audited("evidence.preview", id, "ev-reviewer-1"));
        given().auth().oauth2(AUDITOR).get("/v1/evidence/" + id + "/preview").then().statusCode(403);

        // not an image: no preview
        ManagedChannel channel = EvidenceTesting.channel(url);
        try {
            PreserveResponse text = EvidenceTesting.stub(channel).preserve(request("not an image".getBytes()).clearHashes()
                    .setContentType("text/plain").build());
            given().auth().oauth2(REVIEWER).get("/v1/evidence/" + text.getEvidenceId() + "/preview").then().statusCode(422)
                    .body("type", is("urn:safety-plane:problem:preview-unavailable"));
            assertEquals("upload-" + EvidenceTesting.hex("SHA-256", "not an image".getBytes()).substring(0, 16) + ".bin",
                    column("select file_name from evidence where id = ?", UUID.fromString(text.getEvidenceId())).get(0));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aLegalHoldBlocksDestructionUntilLiftedAndDestroyedEvidenceIsGone() {
        String id = preserved();
        given().auth().oauth2(REVIEWER).contentType(ContentType.JSON).body(Map.of("reference", "LE-1"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(403);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "LE-2024-001"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(200).body("status", is("HELD"))
                .body("holds[0].reference", is("LE-2024-001")).body("holds[0].placedBy", is("ev-officer-1"));
        assertEquals(1, audited("evidence.hold.placed", id, "ev-officer-1"));
        // the same reference twice
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reference", "LE-2024-001"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(409)
                .body("type", is("urn:safety-plane:problem:evidence-conflict"));

        Map<String, Object> destruction = Map.of("requestedBy", "FBI field office, SA Doe", "reference", "REQ-77",
                "requestedAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(destruction).post("/v1/evidence/" + id + "/destruction")
                .then().statusCode(409).body("type", is("urn:safety-plane:problem:evidence-conflict"))
                .body("detail", containsString("LE-2024-001"));

        given().auth().oauth2(ADMIN).post("/v1/evidence/" + id + "/legal-holds/LE-2024-001/lift").then().statusCode(200)
                .body("holds[0].liftedBy", is("ev-admin-1")).body("status", is("AWAITING_REPORT"));
        given().auth().oauth2(ADMIN).post("/v1/evidence/" + id + "/legal-holds/LE-2024-001/lift").then().statusCode(409);
        given().auth().oauth2(ADMIN).post("/v1/evidence/" + id + "/legal-holds/NO-SUCH/lift").then().statusCode(409);

        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(destruction).post("/v1/evidence/" + id + "/destruction")
                .then().statusCode(200).body("status", is("DESTROYED")).body("destruction.reference", is("REQ-77"))
                .body("destruction.destroyedBy", is("ev-officer-1"));
        assertEquals(1, audited("evidence.destroyed", id, "ev-officer-1"));
        UUID uuid = UUID.fromString(id);
        assertNull(column("select ciphertext from evidence where id = ?", uuid).get(0));
        assertNull(column("select wrapped_key from evidence where id = ?", uuid).get(0));

        given().auth().oauth2(OFFICER).queryParam("purpose", "after").get("/v1/evidence/" + id + "/content").then().statusCode(410)
                .body("type", is("urn:safety-plane:problem:evidence-gone"));
        given().auth().oauth2(REVIEWER).get("/v1/evidence/" + id + "/preview").then().statusCode(410);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "LE-late"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(410);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(destruction).post("/v1/evidence/" + id + "/destruction")
                .then().statusCode(410);
        given().auth().oauth2(AUDITOR).get("/v1/evidence/" + id).then().statusCode(200).body("status", is("DESTROYED"));
    }

    @Test
    void aHoldWithADateIsInForceUntilThen() {
        String id = preserved();
        String until = Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "subpoena-9", "until", until))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(200).body("holds[0].until", is(until))
                .body("status", is("HELD"));
    }

    @Test
    void badInputIsAClearError() {
        String id = preserved();
        String unknown = UUID.randomUUID().toString();
        given().auth().oauth2(AUDITOR).get("/v1/evidence/" + unknown).then().statusCode(404)
                .body("type", is("urn:safety-plane:problem:unknown-evidence"));
        given().auth().oauth2(OFFICER).queryParam("purpose", "x").get("/v1/evidence/" + unknown + "/content").then().statusCode(404)
                .body("type", is("urn:safety-plane:problem:unknown-evidence"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "R"))
                .post("/v1/evidence/" + unknown + "/legal-holds").then().statusCode(404);
        given().auth().oauth2(AUDITOR).get("/v1/evidence/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(AUDITOR).get("/v1/evidence").then().statusCode(400);

        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body("{\"reference\": ")
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:malformed-json"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "R", "until", "next tuesday"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(400);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reference", "R", "until", "2001-01-01T00:00:00Z"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:evidence-invalid")).body("detail", containsString("until"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("until", "2099-01-01T00:00:00Z"))
                .post("/v1/evidence/" + id + "/legal-holds").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:invalid-request"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("requestedBy", "FBI", "reference", "R"))
                .post("/v1/evidence/" + id + "/destruction").then().statusCode(400);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("requestedBy", "FBI", "reference", "R",
                "requestedAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/v1/evidence/" + id + "/destruction").then().statusCode(400).body("detail", containsString("future"));
        // nothing changed
        given().auth().oauth2(AUDITOR).get("/v1/evidence/" + id).then().statusCode(200).body("status", is("AWAITING_REPORT"))
                .body("holds", hasSize(0)).body("destruction", nullValue());
    }
}

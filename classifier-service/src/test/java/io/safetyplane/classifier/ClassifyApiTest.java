package io.safetyplane.classifier;

import static io.restassured.RestAssured.given;
import static io.safetyplane.classifier.Api.classify;
import static io.safetyplane.classifier.Api.classifyPng;
import static io.safetyplane.classifier.Api.maxDiff;
import static io.safetyplane.classifier.Api.scores;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.contracts.events.v1.Violation;

/** Classification of benign images made in the test, with the real converted nsfwjs models. */
@QuarkusTest
class ClassifyApiTest {

    private static void sumsToOne(float[] s) {
        double sum = 0;
        for (float v : s) {
            assertTrue(v >= 0 && v <= 1, "score " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void benignImagesAreAllowedWithScoresThatSumToOne() {
        ValidatableResponse r = classifyPng("benign-1", Images.png(Images.checkerboard(256, 32)));
        r.statusCode(200)
                .body("decision", is("allow"))
                .body("model.id", is("nsfwjs-mobilenet-v2"))
                .body("model.version", is("4.4.0"))
                .body("requestId", is("benign-1"))
                .body("tenantId", is("acme"))
                .body("stage", is("upload"))
                .body("media.format", is("png"))
                .body("media.width", is(256))
                .body("media.sha256.size()", is(64))
                .body("rules.rule", hasItems("explicit", "suggestive"))
                .body("timings.batchSize", greaterThan(0))
                .body("decisionEventId", notNullValue())
                .body("violationEventId", nullValue());
        float[] checker = scores(r);
        sumsToOne(checker);
        // a checkerboard is Neutral to nsfwjs (0.99 in its reference run)
        assertTrue(checker[2] > 0.5, "Neutral " + checker[2]);
        float[] gradient = scores(classify("benign-2", "image/jpeg", Images.encode(Images.gradient(320, 240), "jpeg")));
        sumsToOne(gradient);
        assertTrue(gradient[3] + gradient[1] < 0.5, "a gradient is not explicit");
    }

    @Test
    void theOtherModelsAreChosenByIdOrNameAtVersion() {
        byte[] png = Images.png(Images.gradient(300, 200));
        ValidatableResponse inception = given().contentType("image/png").body(png).queryParam("model", "nsfwjs-inception-v3")
                .post("/v1/media:classify").then().statusCode(200).body("model.id", is("nsfwjs-inception-v3"));
        sumsToOne(scores(inception));
        ValidatableResponse mid = given().contentType("application/octet-stream").body(png)
                .queryParam("model", "nsfwjs-mobilenet-v2-mid@4.4.0").post("/v1/media:classify").then().statusCode(200)
                .body("model.id", is("nsfwjs-mobilenet-v2-mid"));
        sumsToOne(scores(mid));
        // the same image, three models, three different answers
        float[] small = scores(given().contentType("image/png").body(png).post("/v1/media:classify").then());
        assertTrue(maxDiff(small, scores(inception)) > 1e-3);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage rgb = Images.gradient(200, 150);
        float[] opaque = scores(classifyPng("alpha-1", Images.png(rgb)));
        float[] translucent = scores(classifyPng("alpha-2", Images.png(Images.withAlpha(rgb))));
        assertTrue(maxDiff(opaque, translucent) < 1e-6, "alpha changed the scores by " + maxDiff(opaque, translucent));
    }

    @Test
    void greyImagesAreReadFromTheirSamplesNotThroughGetRgb() {
        float[] grey = scores(classifyPng("grey-1", Images.png(Images.grey(240, 180))));
        float[] rgb = scores(classifyPng("grey-2", Images.png(Images.greyAsRgb(240, 180))));
        assertTrue(maxDiff(grey, rgb) < 1e-6, "grey and the same RGB differ by " + maxDiff(grey, rgb));
    }

    @Test
    void sixteenBitSamplesAreScaledAsTheModelsReferenceDecoder() {
        float[] sixteen = scores(classifyPng("16-1", Images.png(Images.grey16(230, 170))));
        float[] eight = scores(classifyPng("16-2", Images.png(Images.grey16As8(230, 170))));
        assertTrue(maxDiff(sixteen, eight) < 1e-6, "16-bit and its 8-bit reduction differ by " + maxDiff(sixteen, eight));
    }

    @Test
    void exifOrientationIsAppliedSoTheModelSeesThePictureUpright() {
        BufferedImage upright = Images.gradient(320, 200);
        byte[] stored = Images.encode(Images.rotateCounterClockwise(upright), "jpeg");
        ValidatableResponse r = classify("exif-1", "image/jpeg", Images.withExifOrientation(stored, 6)).statusCode(200)
                .body("media.exifOrientation", is(6))
                .body("media.width", is(320))
                .body("media.height", is(200));
        float[] tagged = scores(r);
        float[] reference = scores(classify("exif-2", "image/jpeg", Images.encode(upright, "jpeg")));
        float[] untagged = scores(classify("exif-3", "image/jpeg", stored));
        // the tagged image is classified as the upright one (up to JPEG's own differences), not as stored
        assertTrue(maxDiff(tagged, reference) < 0.05, "tagged vs upright " + maxDiff(tagged, reference));
        assertTrue(maxDiff(tagged, reference) < maxDiff(untagged, reference),
                "tagged " + maxDiff(tagged, reference) + " untagged " + maxDiff(untagged, reference));
    }

    @Test
    void anAnimatedGifIsClassifiedByItsFirstFrame() {
        BufferedImage first = Images.checkerboard(128, 16);
        BufferedImage second = Images.solid(128, 128, new Color(200, 120, 90));
        float[] gif = scores(classify("gif-1", "image/gif", Images.animatedGif(first, second)));
        float[] firstAlone = scores(classifyPng("gif-2", Images.png(first)));
        float[] secondAlone = scores(classifyPng("gif-3", Images.png(second)));
        assertTrue(maxDiff(gif, firstAlone) < 1e-6, "first frame differs by " + maxDiff(gif, firstAlone));
        assertTrue(maxDiff(gif, secondAlone) > 1e-3);
    }

    @Test
    void everyVerdictEmitsADecisionAndABlockedUploadAViolation() throws Exception {
        byte[] png = Images.png(Images.gradient(100, 80));
        // test-always-block (test profile only) is the default model's ONNX file with a rule that blocks everything: a
        // registry model added by configuration alone
        String decisionId = given().header("Safety-Context-Request-Id", "evt-1").header("Safety-Context-Tenant-Id", "acme")
                .header("Safety-Context-Account-Id", "acct-9").contentType("image/png").body(png)
                .queryParam("model", "test-always-block").queryParam("contentId", "upload-77")
                .post("/v1/media:classify").then().statusCode(200)
                .body("decision", is("block"))
                .body("rules[0].action", is("block"))
                .body("violationEventId", notNullValue())
                .extract().path("decisionEventId");
        String violationId = given().header("Safety-Context-Request-Id", "evt-1").header("Safety-Context-Tenant-Id", "acme")
                .header("Safety-Context-Account-Id", "acct-9").contentType("image/png").body(png)
                .queryParam("model", "test-always-block").queryParam("contentId", "upload-77")
                .post("/v1/media:classify").then().statusCode(200).extract().path("violationEventId");

        List<ConsumerRecord<String, byte[]>> violations = Api.records(Topics.VIOLATIONS, 1,
                rec -> violationId.equals(Api.header(rec, CloudEvents.H_ID)));
        ConsumerRecord<String, byte[]> vr = violations.get(0);
        assertEquals("acme/acct-9", vr.key());
        assertEquals(CloudEvents.VIOLATION_TYPE, Api.header(vr, CloudEvents.H_TYPE));
        assertEquals("/classifier-service", Api.header(vr, CloudEvents.H_SOURCE));
        Violation v = Violation.parseFrom(vr.value());
        assertEquals("classifier-service", v.getDetector());
        assertEquals("evt-1", v.getContext().getRequestId());
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, v.getStage());
        assertEquals(Action.ACTION_BLOCK, v.getAction());
        assertEquals("sexual", v.getCategory());
        assertEquals("upload-77", v.getContentId());
        assertFalse(v.getReportable());
        assertEquals("sha256", v.getHashes(0).getType());
        assertEquals(Classifications_sha256(png), v.getHashes(0).getValue());
        assertEquals("test-always-block@4.4.0", v.getPolicyVersion());
        assertTrue(v.getEvidenceList().stream().anyMatch(e -> e.getKind().equals("classifier-label") && e.getName().equals("Neutral")));
        // never the bytes
        assertFalse(new String(vr.value(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("IHDR"));

        Decision d = Decision.parseFrom(Api.records(Topics.DECISIONS, 1, rec -> decisionId.equals(Api.header(rec, CloudEvents.H_ID)))
                .get(0).value());
        assertEquals(Action.ACTION_BLOCK, d.getAction());
        assertEquals("classifier-service", d.getDecider());
        assertTrue(d.getReasonsList().contains("everything:block"), d.getReasonsList().toString());

        // a blocked output is a decision, not a violation
        String outputDecision = given().header("Safety-Context-Request-Id", "evt-2").header("Safety-Context-Tenant-Id", "acme")
                .contentType("image/png").body(png).queryParam("model", "test-always-block").queryParam("stage", "output")
                .post("/v1/media:classify").then().statusCode(200)
                .body("decision", is("block")).body("stage", is("output")).body("violationEventId", nullValue())
                .extract().path("decisionEventId");
        Decision od = Decision.parseFrom(Api.records(Topics.DECISIONS, 1,
                rec -> outputDecision.equals(Api.header(rec, CloudEvents.H_ID))).get(0).value());
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, od.getStage());

        // an allowed upload is a decision too
        String allowed = classifyPng("evt-3", png).statusCode(200).body("decision", is("allow")).extract().path("decisionEventId");
        Decision ad = Decision.parseFrom(Api.records(Topics.DECISIONS, 1, rec -> allowed.equals(Api.header(rec, CloudEvents.H_ID)))
                .get(0).value());
        assertEquals(Action.ACTION_ALLOW, ad.getAction());
        assertEquals("image-gen-3", ad.getContext().getModel());
        assertEquals("acme-user-99", ad.getContext().getEndUserId());
        assertEquals("nsfwjs-mobilenet-v2@4.4.0", ad.getPolicyVersion());
    }

    @Test
    void theRegistryDescribesItsModels() {
        String sha256 = given().get("/v1/models").then().extract().path("find { it.id == 'nsfwjs-mobilenet-v2' }.sha256");
        given().get("/v1/models").then().statusCode(200)
                .body("id", hasItems("nsfwjs-mobilenet-v2", "nsfwjs-mobilenet-v2-mid", "nsfwjs-inception-v3", "test-always-block"))
                .body("find { it.id == 'nsfwjs-mobilenet-v2' }.isDefault", is(true))
                .body("find { it.id == 'nsfwjs-mobilenet-v2' }.provider", is("cpu"))
                .body("find { it.id == 'nsfwjs-inception-v3' }.width", is(299))
                .body("find { it.id == 'nsfwjs-mobilenet-v2' }.rules.find { it.rule == 'explicit' }.block", is(0.98f))
                .body("find { it.id == 'nsfwjs-mobilenet-v2' }.sha256.size()", is(64))
                .body("find { it.id == 'nsfwjs-mobilenet-v2' }.card.onnx.sha256", is(sha256));
    }

    @Test
    void thePercentEncodedColonReachesTheSameMethod() {
        given().urlEncodingEnabled(false).contentType("image/png").body(Images.png(Images.checkerboard(64, 8)))
                .post("/v1/media%3Aclassify").then()
                .statusCode(200).body("decision", is("allow"));
    }

    static String Classifications_sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}

package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.KafkaEvents;

/** The after-generation gate over REST: classify, then withhold or release signed; fail closed. */
@QuarkusTest
class ReleaseGateTest {

    static RequestSpecification release(String contentId, Samples.Sample s) {
        return given().contentType(s.mediaType()).body(s.bytes()).queryParam("model", "image-gen-3").queryParam("modelVersion", "2.1.0")
                .queryParam("contentId", contentId).header("Safety-Context-Request-Id", "req-" + contentId)
                .header("Safety-Context-Tenant-Id", "acme").header("Safety-Context-Account-Id", "acct-1")
                .header("Safety-Context-End-User-Id", "acme-user-42");
    }

    @Test
    void anAllowedOutputIsReleasedSigned() {
        Samples.Sample s = Samples.get("sample.jpg");
        JsonPath r = release("allow-1", s).post("/v1/outputs:release").then().statusCode(200)
                .body("decision", is("allow")).body("released", is(true)).body("contentType", is("image/jpeg"))
                .body("classification.modelId", is("nsfwjs-mobilenet-v2")).body("violationEventId", nullValue())
                .extract().jsonPath();
        byte[] signed = Base64.getDecoder().decode(r.getString("media"));
        SignAndVerifyTest.verify(signed, "image/jpeg").statusCode(200).body("validationState", is("Trusted"))
                .body("activeManifest", is(r.getString("manifestLabel")));
        // the classifier saw the output, as an output, with the request's context
        ClassifyRequest seen = FakeClassifier.REQUESTS.stream().filter(q -> q.getContentId().equals("allow-1")).findFirst().orElseThrow();
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, seen.getStage());
        assertEquals("acme-user-42", seen.getContext().getEndUserId());
        assertEquals(s.bytes().length, seen.getMedia().getData().size());
    }

    @Test
    void aBlockedOutputIsWithheldAndItsViolationRecorded() throws Exception {
        JsonPath r = release("block-1", Samples.get("sample.png")).post("/v1/outputs:release").then().statusCode(200)
                .body("decision", is("block")).body("released", is(false)).body("media", nullValue())
                .body("violationEventId", notNullValue()).body("reasons[0]", is("explicit:block")).extract().jsonPath();
        String eventId = r.getString("violationEventId");
        List<ConsumerRecord<String, byte[]>> records = KafkaEvents.records(Topics.VIOLATIONS, 1,
                rec -> eventId.equals(KafkaEvents.header(rec, "ce_id")));
        Violation v = Violation.parseFrom(records.get(0).value());
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, v.getStage());
        assertEquals(Action.ACTION_BLOCK, v.getAction());
        assertEquals("sexual", v.getCategory());
        assertEquals("acme-user-42", v.getContext().getEndUserId());
        assertEquals("block-1", v.getContentId());
        assertEquals("acme/acct-1", records.get(0).key());
        assertEquals("sha256", v.getHashes(0).getType());
        // a retry of the same request gives the same event id
        release("block-1", Samples.get("sample.png")).post("/v1/outputs:release").then().statusCode(200)
                .body("violationEventId", is(eventId));
    }

    @Test
    void anOutputForReviewIsWithheld() {
        release("review-1", Samples.get("sample.webp")).post("/v1/outputs:release").then().statusCode(200)
                .body("decision", is("review")).body("released", is(false)).body("media", nullValue())
                .body("violationEventId", nullValue());
    }

    @Test
    void theGateFailsClosed() {
        Samples.Sample png = Samples.get("sample.png");
        SignAndVerifyTest.problem(release("down-1", png).post("/v1/outputs:release"), 503, "classifier-unavailable");
        SignAndVerifyTest.problem(release("slow-1", png).post("/v1/outputs:release"), 503, "classifier-unavailable");
        SignAndVerifyTest.problem(release("refuse-1", png).post("/v1/outputs:release"), 422, "classification-refused");
        // audio: nothing can check it, so nothing is released
        SignAndVerifyTest.problem(release("allow-audio", Samples.get("sample.wav")).post("/v1/outputs:release"), 422, "not-classifiable");
        SignAndVerifyTest.problem(given().contentType(png.mediaType()).body(png.bytes()).queryParam("contentId", "allow-2")
                .post("/v1/outputs:release"), 400, "generator-required");
    }
}

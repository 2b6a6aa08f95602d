package io.safetyplane.hash;

import static io.restassured.RestAssured.given;
import static io.safetyplane.hash.BankAdminApiTest.admin;
import static io.safetyplane.hash.BankAdminApiTest.createBank;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.Violation;

@QuarkusTest
class MediaMatchTest {

    static JsonPath compute(byte[] media, String type) {
        return given().multiPart("media", "upload", media, type).post("/v1/hashes:compute")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void computesAllSignalsOfAnImage() {
        JsonPath hashes = compute(TestImages.png(1), "image/png");
        assertEquals(List.of("pdq", "md5", "sha256"), hashes.getList("signals.type"));
        assertEquals(64, hashes.getString("signals[0].value").length());
        assertEquals(100, hashes.getInt("signals[0].quality"));
        assertEquals(8, hashes.getList("pdqDihedral").size());
        assertEquals(hashes.getString("signals[0].value"), hashes.getString("pdqDihedral[0]"));
    }

    @Test
    void rotatedAndRecompressedCopiesMatchAndUnrelatedImagesDoNot() {
        createBank("media-bank", "block");
        var original = TestImages.shapes(7, 400, 300);
        String pdq = compute(TestImages.encode(original, "png"), "image/png").getString("signals[0].value");
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "pdq", "hash", pdq))))
                .post("/v1/banks/media-bank/entries").then().statusCode(200);

        given().multiPart("media", "rot.jpg", TestImages.encode(TestImages.rotate90(original), "jpg"), "image/jpeg")
                .post("/v1/hashes:match").then().statusCode(200)
                .body("matches", hasSize(1)).body("matches[0].bank", is("media-bank"))
                .body("matches[0].signalType", is("pdq")).body("matches[0].quality", is(100))
                .body("action", is("block"))
                .body("matches[0].transform", org.hamcrest.Matchers.oneOf("rot90", "rot270"));
        given().multiPart("media", "other.png", TestImages.png(8), "image/png")
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty());
        admin().delete("/v1/banks/media-bank").then().statusCode(204);
    }

    @Test
    void matchInAReportingBankEmitsAViolationWithContextAndHashesButNoBytesAndPreservesThem() throws Exception {
        createBank("ncmec-demo", "block_and_report");
        byte[] image = TestImages.png(21);
        String md5 = compute(image, "image/png").getString("signals[1].value");
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "md5", "hash", md5, "externalId", "ncmec-123"))))
                .post("/v1/banks/ncmec-demo/entries").then().statusCode(200);

        given().multiPart("media", "upload.png", image, "image/png")
                .multiPart("context", Map.of("requestId", "req-42", "tenantId", "acme", "accountId", "acct-7",
                        "endUserId", "acme-user-99", "clientIp", "203.0.113.9", "model", "image-gen-3"), "application/json")
                .multiPart("contentId", "upload-1")
                .post("/v1/hashes:match").then().statusCode(200)
                .body("action", is("block_and_report")).body("matches[0].externalId", is("ncmec-123"));

        ConsumerRecord<String, byte[]> record = ViolationTopic.recordOf("req-42");
        assertEquals("acme/acct-7", record.key());
        assertEquals(CloudEvents.VIOLATION_TYPE, header(record, CloudEvents.H_TYPE));
        assertEquals("1.0", header(record, CloudEvents.H_SPEC_VERSION));
        assertEquals("/hash-service", header(record, CloudEvents.H_SOURCE));
        Violation v = Violation.parseFrom(record.value());
        assertEquals(v.getEventId(), header(record, CloudEvents.H_ID));
        assertEquals("acme-user-99", v.getContext().getEndUserId());
        assertEquals("req-42", v.getContext().getRequestId());
        assertEquals("csam", v.getCategory());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, v.getAction());
        assertTrue(v.getReportable());
        assertEquals("upload-1", v.getContentId());
        assertEquals(List.of("pdq", "md5", "sha256"), v.getHashesList().stream().map(h -> h.getType()).toList());
        assertEquals("ncmec-demo", v.getEvidence(0).getName());
        assertFalse(containsBytes(record.value(), image), "the violation must not carry the image");
        var preserved = FakeEvidenceVault.received("req-42");
        assertEquals(1, preserved.size(), "the image goes to the evidence vault instead");
        assertEquals(v.getEventId(), preserved.get(0).getViolationEventId());
        assertTrue(Arrays.equals(image, preserved.get(0).getData().toByteArray()));
        admin().delete("/v1/banks/ncmec-demo").then().statusCode(204);
    }

    @Test
    void badMediaGetsAClearProblemNeverA500() {
        byte[] jpeg = TestImages.encode(TestImages.shapes(3, 200, 200), "jpg");
        problem(given().multiPart("media", "notes.txt", "hello, not an image".getBytes(StandardCharsets.UTF_8), "text/plain"),
                415, "unsupported-media");
        problem(given().multiPart("media", "cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 3), "image/jpeg"), 422, "corrupt-media");
        problem(given().multiPart("media", "bomb.png", TestImages.pngHeader(100_000, 100_000), "image/png"), 422,
                "image-too-many-pixels");
        problem(given().multiPart("media", "empty.png", new byte[0], "image/png"), 400, "empty-media");
        problem(given().multiPart("media", "huge.bin", new byte[33 * 1024 * 1024], "application/octet-stream"), 413,
                "media-too-large");
        problem(given().multiPart("other", "x.png", TestImages.png(1), "image/png"), 400, "missing-media");
        problem(given().contentType("image/png").body(TestImages.png(1)), 415, "unsupported-content-type");
        problem(given().contentType(ContentType.JSON).body("{\"signals\": [{\"type\": "), 400, "malformed-json");
        problem(given().contentType(ContentType.JSON).body(Map.of("signals", List.of())), 400, "no-signals");
        problem(given().contentType(ContentType.JSON).body(Map.of("signals", List.of(Map.of("type", "sha1", "value", "00")))),
                400, "invalid-signal");
        problem(given().contentType(ContentType.JSON).body(Map.of("signals", List.of(Map.of("type", "pdq", "value", "abc")))),
                400, "invalid-signal");
    }

    private static void problem(io.restassured.specification.RequestSpecification request, int status, String type) {
        request.post("/v1/hashes:match").then().statusCode(status)
                .contentType(containsString("application/problem+json"))
                .body("type", is("urn:safety-plane:problem:" + type))
                .body("status", is(status));
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + 64 <= haystack.length; i++) {
            for (int j = 0; j < 64; j++) {
                if (haystack[i + j] != needle[j + 100]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

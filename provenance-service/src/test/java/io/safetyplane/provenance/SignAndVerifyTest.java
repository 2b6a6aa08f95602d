package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Signing every format over REST, verifying with the service's own verifier, and the bad inputs of both. */
@QuarkusTest
class SignAndVerifyTest {

    static ExtractableResponse<Response> sign(byte[] media, String type) {
        return given().contentType(type).body(media).queryParam("model", "image-gen-3").queryParam("modelVersion", "2.1.0")
                .post("/v1/media:sign").then().extract();
    }

    static io.restassured.response.ValidatableResponse verify(byte[] media, String type) {
        return given().contentType(type).body(media).post("/v1/media:verify").then();
    }

    @Test
    void everyFormatIsSignedAsGeneratedMediaAndVerifiesAsTrusted() {
        for (Samples.Sample s : Samples.ALL) {
            ExtractableResponse<Response> r = sign(s.bytes(), s.mediaType());
            assertEquals(200, r.statusCode(), s.name() + ": " + r.asString());
            assertEquals(s.mediaType(), r.contentType(), s.name());
            assertTrue(r.header("C2PA-Manifest-Label").startsWith("urn:c2pa:"), s.name());
            assertEquals("true", r.header("C2PA-Timestamped"), s.name());
            byte[] signed = r.asByteArray();
            assertTrue(signed.length > s.bytes().length, s.name());
            verify(signed, s.mediaType()).statusCode(200)
                    .body("manifestPresent", is(true))
                    .body("validationState", is("Trusted"))
                    .body("activeManifest", is(r.header("C2PA-Manifest-Label")))
                    .body("claimVersion", is(2))
                    .body("claimGenerator", startsWith("Safety Plane provenance-service/"))
                    .body("aiGenerated", is(true))
                    .body("actions[0].action", is("c2pa.created"))
                    .body("actions[0].digitalSourceType", is("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"))
                    .body("actions[0].softwareAgent", is("image-gen-3/2.1.0"))
                    .body("signature.algorithm", is("ES256"))
                    .body("signature.trusted", is(true))
                    .body("signature.timestamp", notNullValue())
                    .body("failure.size()", is(0))
                    .body("success.code", hasItem("claimSignature.validated"))
                    .body("success.code", hasItem(s.mediaType().equals("video/mp4") ? "assertion.bmffHash.match" : "assertion.dataHash.match"));
            // one bit of the media changed after signing: the hard binding no longer holds, the signature still does
            verify(Samples.flipped(signed, s.payloadByte(signed)), s.mediaType()).statusCode(200)
                    .body("validationState", is("Invalid"))
                    .body("failure.code", hasItem(s.hardBindingMismatch()))
                    .body("success.code", hasItem("claimSignature.validated"));
        }
    }

    @Test
    void unsignedMediaHasNoManifest() {
        Samples.Sample s = Samples.get("sample.png");
        verify(s.bytes(), s.mediaType()).statusCode(200).body("manifestPresent", is(false)).body("format", is("image/png"));
    }

    @Test
    void signingRefusesWhatItCannotOrMustNotSign() {
        Samples.Sample png = Samples.get("sample.png");
        Samples.Sample jpg = Samples.get("sample.jpg");
        problem(given().contentType("image/png").body(new byte[0]).queryParam("model", "m").post("/v1/media:sign"), 400, "empty-media");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        problem(given().contentType("application/octet-stream").body(noise).queryParam("model", "m").post("/v1/media:sign"), 415,
                "unsupported-media");
        problem(given().contentType("image/jpeg").body(png.bytes()).queryParam("model", "m").post("/v1/media:sign"), 415,
                "content-type-mismatch");
        problem(given().contentType("text/plain").body(png.bytes()).queryParam("model", "m").post("/v1/media:sign"), 415,
                "unsupported-media");
        problem(given().contentType("image/png").body(png.bytes()).post("/v1/media:sign"), 400, "generator-required");
        problem(given().contentType("image/jpeg").body(Arrays.copyOf(jpg.bytes(), 300)).queryParam("model", "m").post("/v1/media:sign"),
                422, "corrupt-media");
        byte[] big = Arrays.copyOf(png.bytes(), 2 * 1024 * 1024 + 1);
        problem(given().contentType("image/png").body(big).queryParam("model", "m").post("/v1/media:sign"), 413, "media-too-large");
        // media that already carries Content Credentials is refused, not re-signed
        byte[] signed = sign(png.bytes(), "image/png").asByteArray();
        problem(given().contentType("image/png").body(signed).queryParam("model", "m").post("/v1/media:sign"), 409, "manifest-present");
        problem(given().contentType("application/octet-stream").body(noise).post("/v1/media:verify"), 415, "unsupported-media");
        // the signed bytes carry no end-user identity: the manifest names only the model and the service
        String text = new String(signed, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("image-gen-3") && !text.contains("end-user"));
    }

    @Test
    void signingLeavesTheMediaBytesAsTheyWere() {
        // a WAV keeps every byte after the RIFF header; the C2PA chunk is appended and only the RIFF size changes
        Samples.Sample s = Samples.get("sample.wav");
        byte[] signed = sign(s.bytes(), s.mediaType()).asByteArray();
        assertArrayEquals(Arrays.copyOfRange(s.bytes(), 8, s.bytes().length), Arrays.copyOfRange(signed, 8, s.bytes().length));
        assertEquals("C2PA", new String(signed, s.bytes().length, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    static void problem(Response r, int status, String type) {
        r.then().statusCode(status).contentType(containsString("application/problem+json"))
                .body("type", is("urn:safety-plane:problem:" + type));
    }
}

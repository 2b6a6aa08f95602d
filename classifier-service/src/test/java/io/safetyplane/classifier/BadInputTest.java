package io.safetyplane.classifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Every bad input gets a clear problem, never a 500. */
@QuarkusTest
class BadInputTest {

    static ValidatableResponse problem(RequestSpecification request, int status, String type) {
        return request.post("/v1/media:classify").then().statusCode(status).contentType("application/problem+json")
                .body("type", is("urn:safety-plane:problem:" + type)).body("status", is(status));
    }

    static RequestSpecification image(String contentType, byte[] body) {
        return given().contentType(contentType).body(body);
    }

    @Test
    void bytesThatAreNoImageAreUnsupportedMedia() {
        problem(image("image/png", "hello, I am text".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media")
                .body("detail", containsString("unrecognised format"));
        problem(image("application/octet-stream", "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1)), 415,
                "unsupported-media");
        // TIFF is an image, but not one the service decodes
        problem(image("image/tiff", new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0 }), 415, "unsupported-media");
    }

    @Test
    void truncatedFilesAreCorrupt() {
        byte[] png = Images.png(Images.gradient(120, 90));
        problem(image("image/png", Arrays.copyOf(png, png.length / 2)), 422, "corrupt-media");
        byte[] jpeg = Images.encode(Images.gradient(120, 90), "jpeg");
        problem(image("image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)), 422, "corrupt-media");
        problem(image("image/gif", Arrays.copyOf(Images.animatedGif(Images.checkerboard(64, 8)), 20)), 422, "corrupt-media");
    }

    @Test
    void decompressionBombsAreRefusedFromTheirHeader() {
        problem(image("image/png", Images.pngHeader(100_000, 100_000)), 422, "image-too-many-pixels")
                .body("detail", containsString("100000x100000"));
    }

    @Test
    void oversizedBodies() {
        // over classifier-service.media.max-bytes (1 MiB in tests), under the HTTP body limit
        problem(image("image/png", new byte[1_500_000]), 413, "media-too-large");
        // over quarkus.http.limits.max-body-size (2 MiB in tests): refused before it is read
        problem(image("image/png", new byte[3_000_000]), 413, "request-too-large");
    }

    @Test
    void emptyBodiesUnknownModelsAndBadParameters() {
        byte[] png = Images.png(Images.checkerboard(64, 8));
        problem(image("image/png", new byte[0]), 400, "empty-media");
        problem(image("image/png", png).queryParam("model", "nsfwjs-resnet-9000"), 404, "unknown-model")
                .body("detail", containsString("nsfwjs-mobilenet-v2"));
        problem(image("image/png", png).queryParam("model", "nsfwjs-mobilenet-v2@9.9.9"), 404, "unknown-model");
        problem(image("image/png", png).queryParam("stage", "prompt"), 400, "invalid-stage");
        problem(image("image/png", png).header("Safety-Context-Tenant-Id", "t".repeat(300)), 400, "invalid-context");
    }

    @Test
    void wrongContentType() {
        byte[] png = Images.png(Images.checkerboard(64, 8));
        problem(image("application/json", png), 415, "unsupported-content-type");
        problem(image("text/plain", png), 415, "unsupported-content-type");
        problem(given().multiPart("media", "a.png", png, "image/png"), 415, "unsupported-content-type");
    }
}

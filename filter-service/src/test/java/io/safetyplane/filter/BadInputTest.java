package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.context;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Every malformed request gets a clear problem, never a 500. */
@QuarkusTest
class BadInputTest {

    @Test
    void emptyAndMissingPrompts() {
        problem(json(Map.of("context", context("r", "self-serve"), "prompt", "")), 400, "empty-prompt");
        problem(json(Map.of("context", context("r", "self-serve"), "prompt", " \u200b\n\t ")), 400, "empty-prompt");
        problem(json(Map.of("context", context("r", "self-serve"))), 400, "missing-prompt");
        Map<String, Object> nullPrompt = new HashMap<>();
        nullPrompt.put("context", context("r", "self-serve"));
        nullPrompt.put("prompt", null);
        problem(json(nullPrompt), 400, "missing-prompt");
    }

    @Test
    void aPromptOverTheLimitIsRefusedWith413() {
        problem(json(Map.of("context", context("r", "self-serve"), "prompt", "a".repeat(100_000))), 413, "prompt-too-long")
                .body("detail", containsString("32768"));
        problem(json(Map.of("context", context("r", "self-serve"), "prompt", "b".repeat(32_769))), 413, "prompt-too-long");
    }

    @Test
    void aBodyOverTheHttpLimitIsRefusedWith413() {
        problem(raw("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"" + "a".repeat(1_100_000) + "\"}"), 413,
                "request-too-large");
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() {
        byte[] head = "{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] { { (byte) 0xE9 }, { (byte) 0xC0, (byte) 0xAF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 } }) {
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            problem(given().contentType("application/json").body(body), 400, "invalid-utf8");
        }
    }

    @Test
    void loneSurrogatesAndControlCharactersAreRefusedWithTheirReason() {
        problem(raw("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"hello \\ud800 world\"}"), 400, "invalid-prompt")
                .body("reason", is("lone_surrogate"));
        problem(raw("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"\\udc00 tail\"}"), 400, "invalid-prompt")
                .body("reason", is("lone_surrogate"));
        problem(raw("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"bell \\u0007 here\"}"), 400, "invalid-prompt")
                .body("reason", is("control_character"));
        problem(raw("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"nul \\u0000 here\"}"), 400, "invalid-prompt")
                .body("reason", is("control_character"));
        // a surrogate pair is a character, not an error
        given().contentType(ContentType.JSON).body("{\"context\":{\"tenantId\":\"self-serve\"},\"prompt\":\"a lighthouse \\ud83c\\udf05\"}")
                .post("/v1/prompts:check").then().statusCode(200).body("decision", is("allow"));
    }

    @Test
    void wrongContentTypeAndMalformedJson() {
        problem(given().contentType("text/plain").body("just a prompt"), 415, "unsupported-content-type");
        problem(raw("{\"context\": {\"tenantId\": "), 400, "malformed-json");
        problem(raw("[1, 2]"), 400, "malformed-json");
        problem(raw(""), 400, "malformed-json");
        problem(raw("null"), 400, "malformed-json");
        problem(raw("{\"context\": \"self-serve\", \"prompt\": \"x\"}"), 400, "malformed-json");
    }

    @Test
    void missingOrInvalidContextAndUnknownTenants() {
        problem(json(Map.of("prompt", BENIGN)), 400, "invalid-context").body("detail", containsString("tenantId"));
        problem(json(Map.of("context", Map.of("requestId", "r-1"), "prompt", BENIGN)), 400, "invalid-context");
        problem(json(Map.of("context", Map.of("tenantId", "Not A Tenant!"), "prompt", BENIGN)), 400, "invalid-context");
        problem(json(Map.of("context", Map.of("tenantId", "self-serve", "endUserId", "u".repeat(300)), "prompt", BENIGN)), 400,
                "invalid-context").body("detail", containsString("endUserId"));
        problem(json(Map.of("context", context("r", "nobody-knows-me"), "prompt", BENIGN)), 404, "unknown-tenant")
                .body("detail", containsString("nobody-knows-me"));
    }

    private static RequestSpecification json(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    private static RequestSpecification raw(String body) {
        return given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatableResponse problem(RequestSpecification request, int status, String type) {
        return request.post("/v1/prompts:check").then().statusCode(status)
                .contentType(containsString("application/problem+json"))
                .body("type", is("urn:safety-plane:problem:" + type))
                .body("status", is(status));
    }
}

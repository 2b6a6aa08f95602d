package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.GateScreenTest.JPEG;
import static io.safetyplane.filter.GateScreenTest.classifyCalls;
import static io.safetyplane.filter.GateScreenTest.matchCalls;
import static io.safetyplane.filter.GateScreenTest.standingCalls;
import static io.safetyplane.filter.Screens.PATH;
import static io.safetyplane.filter.Screens.context;
import static io.safetyplane.filter.Screens.form;
import static io.safetyplane.filter.Screens.request;
import static io.safetyplane.filter.Screens.screen;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Bad screen requests get clear problems, never a 500, and cost no downstream call. */
@QuarkusTest
class GateBadInputTest {

    static ValidatableResponse problem(ValidatableResponse r, int status, String type) {
        return r.statusCode(status).contentType(containsString("application/problem+json"))
                .body("type", is("urn:safety-plane:problem:" + type)).body("status", is(status));
    }

    /** A JPEG of {@code size} bytes: the sample's start, padded. */
    static byte[] jpegOf(int size) {
        return Arrays.copyOf(JPEG, size);
    }

    @Test
    void theTenantAndTheAccountAreRequired() {
        Map<String, Object> noTenant = request("gate-bad-1", BENIGN);
        noTenant.put("context", context("r", null, "gate-bad-1", null));
        problem(screen(noTenant), 400, "invalid-context").body("detail", containsString("tenantId"));
        problem(screen(noTenant, JPEG, "image/jpeg"), 400, "invalid-context");
        Map<String, Object> noAccount = request("gate-bad-1", BENIGN);
        noAccount.put("context", context("r", "self-serve", null, null));
        problem(screen(noAccount), 400, "invalid-context").body("detail", containsString("accountId"));
        problem(screen(Map.of("prompt", BENIGN)), 400, "invalid-context");
        Map<String, Object> badTenant = request("gate-bad-1", BENIGN);
        badTenant.put("context", context("r", "Not A Tenant!", "gate-bad-1", null));
        problem(screen(badTenant), 400, "invalid-context");
        assertEquals(List.of(), standingCalls("gate-bad-1"));
        assertEquals(List.of(), matchCalls("upload-gate-bad-1"));
    }

    @Test
    void promptsAreRefusedAsByPromptsCheck() {
        Map<String, Object> noPrompt = request("gate-bad-2", null);
        problem(screen(noPrompt), 400, "missing-prompt");
        problem(screen(request("gate-bad-2", "")), 400, "empty-prompt");
        problem(screen(request("gate-bad-2", "a".repeat(40_000))), 413, "prompt-too-long");
        Map<String, Object> unknownTenant = request("gate-bad-2", BENIGN);
        unknownTenant.put("context", context("r", "no-such-tenant", "gate-bad-2", null));
        problem(screen(unknownTenant), 404, "unknown-tenant");
    }

    @Test
    void anImageOverTheLimitIsRefusedWith413BeforeAnyCheck() {
        problem(screen(request("gate-big-1", BENIGN), jpegOf(300_000), "image/jpeg"), 413, "image-too-large")
                .body("detail", containsString("262144"));
        assertEquals(List.of(), standingCalls("gate-big-1"));
        assertEquals(List.of(), matchCalls("upload-gate-big-1"));
    }

    @Test
    void theDownstreamsRefusalsOfTheImageAreTheSameClientErrors() {
        // under the gate's limit, over the hash-service's
        problem(screen(request("gate-big-2", BENIGN), jpegOf(200_000), "image/jpeg"), 413, "media-too-large")
                .body("detail", containsString("hash-service: media is 200000 bytes"))
                .body("check", is("hash"));
        // text is no image: 415 with the downstream's reason
        problem(screen(request("gate-text-1", BENIGN), "just some text".getBytes(StandardCharsets.UTF_8), "text/plain"), 415,
                "unsupported-media").body("detail", containsString("not a JPEG, PNG, GIF, BMP or WebP image"));
        assertEquals(1, matchCalls("upload-gate-text-1").size());
        assertEquals(1, classifyCalls("upload-gate-text-1").size());
        problem(screen(request("gate-empty-1", BENIGN), new byte[0], "image/png"), 400, "empty-media");
    }

    @Test
    void malformedRequestsAreRefusedWith400Or415() {
        problem(given().contentType("application/json").body("{\"context\": {\"tenantId\": ").post(PATH).then(), 400, "malformed-json");
        problem(given().contentType("application/json").body("").post(PATH).then(), 400, "malformed-json");
        problem(given().contentType("application/json").body("[1, 2]").post(PATH).then(), 400, "malformed-json");
        problem(form("{\"prompt\": ", JPEG, "image/jpeg").post(PATH).then(), 400, "malformed-json");
        problem(form(null, JPEG, "image/jpeg").post(PATH).then(), 400, "missing-request");
        problem(given().contentType("text/plain").body("screen this").post(PATH).then(), 415, "unsupported-content-type");
        problem(given().contentType("application/json").body(new byte[] { '{', '"', (byte) 0xC3, '"', '}' }).post(PATH).then(), 400,
                "invalid-utf8");
    }
}

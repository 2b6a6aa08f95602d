package io.safetyplane.filter;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Calls of the before-generation gate, for its tests. */
final class Screens {
    static final String PATH = "/v1/requests:screen";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Screens() {
    }

    static Map<String, Object> context(String requestId, String tenantId, String accountId, String endUserId) {
        Map<String, Object> c = new HashMap<>();
        c.put("requestId", requestId);
        c.put("tenantId", tenantId);
        c.put("accountId", accountId);
        c.put("endUserId", endUserId);
        c.put("apiKeyId", "key-1");
        c.put("clientIp", "203.0.113.9");
        c.put("model", "image-gen-3");
        return c;
    }

    /** A screen request for tenant self-serve's {@code accountId}; request id and content id derive from it. */
    static Map<String, Object> request(String accountId, String prompt) {
        Map<String, Object> r = new HashMap<>();
        r.put("context", context("req-" + accountId, "self-serve", accountId, "user-of-" + accountId));
        r.put("prompt", prompt);
        r.put("contentId", "upload-" + accountId);
        return r;
    }

    /** A prompt-only screen as plain JSON. */
    static ValidatableResponse screen(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).post(PATH).then();
    }

    /** A screen as multipart/form-data: the request part and an init image. */
    static ValidatableResponse screen(Map<String, Object> request, byte[] image, String contentType) {
        return form(json(request), image, contentType).post(PATH).then();
    }

    static RequestSpecification form(String requestJson, byte[] image, String contentType) {
        RequestSpecification spec = given().contentType("multipart/form-data");
        if (requestJson != null) {
            spec = spec.multiPart(new MultiPartSpecBuilder(requestJson).controlName("request")
                    .mimeType("application/json").charset(StandardCharsets.UTF_8).build());
        }
        if (image != null) {
            spec = spec.multiPart("image", "init-image", image, contentType);
        }
        return spec;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

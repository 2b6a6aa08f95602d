package io.safetyplane.filter;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.TestTokens;

/** What the tests of this module share: calls, tokens, waiting, reading events back from Kafka. */
final class Api extends KafkaEvents {
    /** Allowed by the global policy. */
    static final String BENIGN = "a watercolor painting of a lighthouse at dawn";
    /** A CSAM-style prompt the engine blocks and reports: a letter-spaced sexual term next to an age under 18. */
    static final String CSAM = "n u d e 12yo girl";

    private Api() {
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token("alice", "policy-admin"));
    }

    static Map<String, Object> context(String requestId, String tenantId) {
        Map<String, Object> c = new HashMap<>();
        c.put("requestId", requestId);
        c.put("tenantId", tenantId);
        c.put("accountId", "acct-7");
        c.put("endUserId", tenantId + "-user-99");
        c.put("apiKeyId", "key-1");
        c.put("clientIp", "203.0.113.9");
        c.put("model", "image-gen-3");
        return c;
    }

    static ValidatableResponse check(String tenantId, String requestId, String prompt) {
        return given().contentType(ContentType.JSON).body(Map.of("context", context(requestId, tenantId), "prompt", prompt))
                .post("/v1/prompts:check").then();
    }

    /** Sets a tenant's policy, whatever its revision. */
    static ValidatableResponse putPolicy(String tenantId, Map<String, Object> policy) {
        return admin().contentType(ContentType.JSON).body(policy).put("/v1/tenants/" + tenantId + "/policy").then();
    }
}

package io.safetyplane.classifier;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.testsupport.KafkaEvents;

/** What the tests of this module share: calls, waiting, reading events back from Kafka. */
final class Api extends KafkaEvents {
    static final List<String> LABELS = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");

    private Api() {
    }

    /** A classify call with a full request context in headers. */
    static RequestSpecification request(String requestId, String contentType, byte[] body) {
        return given().header("Safety-Context-Request-Id", requestId).header("Safety-Context-Tenant-Id", "acme")
                .header("Safety-Context-Account-Id", "acct-7").header("Safety-Context-End-User-Id", "acme-user-99")
                .header("Safety-Context-Api-Key-Id", "key-1").header("Safety-Context-Client-Ip", "203.0.113.9")
                .header("Safety-Context-Model", "image-gen-3").contentType(contentType).body(body);
    }

    static ValidatableResponse classify(String requestId, String contentType, byte[] body) {
        return request(requestId, contentType, body).post("/v1/media:classify").then();
    }

    static ValidatableResponse classifyPng(String requestId, byte[] png) {
        return classify(requestId, "image/png", png);
    }

    /** The label scores of a 200 response, in label order. */
    static float[] scores(ValidatableResponse r) {
        Map<String, Float> m = r.statusCode(200).extract().jsonPath().getMap("scores", String.class, Float.class);
        float[] s = new float[LABELS.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = m.get(LABELS.get(i));
        }
        return s;
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}

package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A timestamp authority that does not answer, with the default {@code on-failure=fail}: nothing is signed. */
@QuarkusTest
@TestProfile(TimestampFailTest.Profile.class)
class TimestampFailTest {
    /** Nothing listens on port 9 of the loopback interface here: connections are refused at once. */
    static final String DOWN = "http://127.0.0.1:9/tsa";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provenance-service.timestamp.mode", "url", "provenance-service.timestamp.url", DOWN,
                    "provenance-service.timestamp.timeout", "2s");
        }
    }

    @Test
    void nothingIsSigned() {
        Samples.Sample s = Samples.get("sample.png");
        SignAndVerifyTest.problem(given().contentType(s.mediaType()).body(s.bytes()).queryParam("model", "m").post("/v1/media:sign"),
                503, "timestamp-unavailable");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("provenance_signing_failures_total{format=\"png\",reason=\"timestamp-unavailable\"}"));
    }
}

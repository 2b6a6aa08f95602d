package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A timestamp authority that does not answer: fail (the default) or sign without a timestamp, by configuration. */
class TimestampAuthorityDownTest {
    /** Nothing listens on port 9 of the loopback interface here: connections are refused at once. */
    static final String DOWN = "http://127.0.0.1:9/tsa";

    public static class Fail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provenance-service.timestamp.mode", "url", "provenance-service.timestamp.url", DOWN,
                    "provenance-service.timestamp.timeout", "2s");
        }
    }

    public static class SignWithout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provenance-service.timestamp.mode", "url", "provenance-service.timestamp.url", DOWN,
                    "provenance-service.timestamp.timeout", "2s", "provenance-service.timestamp.on-failure", "sign-without");
        }
    }

    @Nested
    @QuarkusTest
    @TestProfile(Fail.class)
    class WhenConfiguredToFail {
        @Test
        void nothingIsSigned() {
            Samples.Sample s = Samples.get("sample.png");
            SignAndVerifyTest.problem(given().contentType(s.mediaType()).body(s.bytes()).queryParam("model", "m").post("/v1/media:sign"),
                    503, "timestamp-unavailable");
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("provenance_signing_failures_total{format=\"png\",reason=\"timestamp-unavailable\"}"));
        }
    }

    @Nested
    @QuarkusTest
    @TestProfile(SignWithout.class)
    class WhenConfiguredToSignWithout {
        @Test
        void theClaimIsSignedWithoutATimestamp() {
            Samples.Sample s = Samples.get("sample.png");
            byte[] signed = given().contentType(s.mediaType()).body(s.bytes()).queryParam("model", "m").post("/v1/media:sign").then()
                    .statusCode(200).header("C2PA-Timestamped", "false").extract().asByteArray();
            SignAndVerifyTest.verify(signed, s.mediaType()).body("validationState", is("Trusted")).body("signature.timestamp", is((Object) null));
            given().get("/q/metrics").then().body(containsString("provenance_timestamp_fallbacks_total 1.0"));
        }
    }
}

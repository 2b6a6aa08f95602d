package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A timestamp authority that does not answer, with {@code on-failure=sign-without}: signed, without a timestamp. */
@QuarkusTest
@TestProfile(TimestampSignWithoutTest.Profile.class)
class TimestampSignWithoutTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("provenance-service.timestamp.mode", "url", "provenance-service.timestamp.url", TimestampFailTest.DOWN,
                    "provenance-service.timestamp.timeout", "2s", "provenance-service.timestamp.on-failure", "sign-without");
        }
    }

    @Test
    void theClaimIsSignedWithoutATimestamp() {
        Samples.Sample s = Samples.get("sample.png");
        byte[] signed = given().contentType(s.mediaType()).body(s.bytes()).queryParam("model", "m").post("/v1/media:sign").then()
                .statusCode(200).header("C2PA-Timestamped", "false").extract().asByteArray();
        SignAndVerifyTest.verify(signed, s.mediaType()).body("validationState", is("Trusted")).body("signature.timestamp", nullValue());
        given().get("/q/metrics").then().body(containsString("provenance_timestamp_fallbacks_total 1.0"));
    }
}

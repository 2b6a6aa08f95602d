package io.safetyplane.provenance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Health (the signing certificate), metrics and OpenAPI. */
@QuarkusTest
class ObservabilityTest {
    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("signing-certificate"))
                .body("checks.find { it.name == 'signing-certificate' }.status", is("UP"))
                .body("checks.find { it.name == 'signing-certificate' }.data.algorithm", is("ES256"))
                .body("checks.find { it.name == 'signing-certificate' }.data.timestamps", is(true));
        Samples.Sample s = Samples.get("sample.jpg");
        SignAndVerifyTest.sign(s.bytes(), s.mediaType());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("provenance_signatures_total{format=\"jpeg\"}"))
                .body(containsString("provenance_certificate_days_to_expiry"))
                .body(containsString("provenance_sign_seconds"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/media:sign")).body(containsString("/v1/outputs:release"))
                .body(containsString("/v1/media:verify"));
    }
}

package io.safetyplane.hash;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ObservabilityTest {

    @Test
    void readinessIncludesTheBankIndex() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("bank-index"))
                .body("checks.find { it.name == 'bank-index' }.data.topic", is("hash.bank-changes.v1"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsCountLookups() {
        // a raw colon (as curl sends it); the other tests send it percent-encoded
        given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "md5", "value", "00000000000000000000000000000000"))))
                .post("/v1/hashes:match").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hash_lookup_seconds_count"))
                .body(containsString("hash_replication_lag_records"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/hashes:match"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/banks/{bank}/entries:import"))
                .body("components.securitySchemes", org.hamcrest.Matchers.hasKey("jwt"));
    }
}

package io.safetyplane.classifier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ObservabilityTest {

    @Test
    void healthMetricsAndOpenApi() {
        Api.classifyPng("obs-1", Images.png(Images.checkerboard(64, 8))).statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'classifier-models' }.status", is("UP"))
                .body("checks.find { it.name == 'classifier-models' }.data.default", is("nsfwjs-mobilenet-v2"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("classifier_verdicts_total{decision=\"allow\",model=\"nsfwjs-mobilenet-v2\"}"))
                .body(containsString("classifier_batch_size_count{model=\"nsfwjs-mobilenet-v2\"}"))
                .body(containsString("classifier_queue_depth{model=\"nsfwjs-inception-v3\"}"))
                .body(containsString("classifier_classify_seconds"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/media:classify"))
                .body(containsString("Safety-Context-Tenant-Id"))
                .body(containsString("/v1/models"));
    }
}

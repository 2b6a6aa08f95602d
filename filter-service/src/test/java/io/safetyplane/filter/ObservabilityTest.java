package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.Api.check;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ObservabilityTest {

    @Test
    void readinessIncludesTheTenantPolicies() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("tenant-policies"))
                .body("checks.find { it.name == 'tenant-policies' }.data.topic", is("filter.policy-changes.v1"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsCountVerdictsByDecisionAndCategoryAndTimeChecks() {
        check("self-serve", "metrics-1", BENIGN).statusCode(200);
        check("self-serve", "metrics-2", CSAM).statusCode(200);
        check("self-serve", "metrics-3", "").statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("filter_check_seconds_count"))
                .body(containsString("filter_verdicts_total{decision=\"allow\""))
                .body(containsString("filter_verdicts_total{decision=\"block_and_report\""))
                .body(containsString("filter_verdict_categories_total{action=\"block_and_report\",category=\"csam\""))
                .body(containsString("filter_refused_prompts_total{reason=\"empty\""))
                .body(containsString("filter_decision_events_failed_total"))
                .body(containsString("filter_policy_replication_lag_records"))
                .body(containsString("filter_policy_tenants"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/prompts:check"))
                .body("paths", hasKey("/v1/tenants/{tenant}/policy"))
                .body("paths", hasKey("/v1/tenants"))
                .body("paths.'/v1/prompts:check'.post.requestBody.content.'application/json'.schema.$ref",
                        containsString("CheckRequest"))
                .body("components.securitySchemes", hasKey("jwt"));
    }
}

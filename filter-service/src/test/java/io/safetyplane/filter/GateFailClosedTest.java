package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.FakeDownstreams.CLASSIFICATIONS;
import static io.safetyplane.filter.FakeDownstreams.MATCHES;
import static io.safetyplane.filter.FakeDownstreams.STALL;
import static io.safetyplane.filter.FakeDownstreams.STANDINGS;
import static io.safetyplane.filter.FakeDownstreams.down;
import static io.safetyplane.filter.GateScreenTest.JPEG;
import static io.safetyplane.filter.GateScreenTest.VIOLENT;
import static io.safetyplane.filter.GateScreenTest.classifyCalls;
import static io.safetyplane.filter.GateScreenTest.matchCalls;
import static io.safetyplane.filter.Screens.request;
import static io.safetyplane.filter.Screens.screen;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;

/** The gate never allows what it could not check, and says which check was missing. */
@QuarkusTest
class GateFailClosedTest {

    static ValidatableResponse unavailable(ValidatableResponse r, String... checks) {
        return r.statusCode(503)
                .contentType(containsString("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("type", is("urn:safety-plane:problem:check-unavailable"))
                .body("checks", is(List.of(checks)));
    }

    @Test
    void theEnforcementServiceDownIsA503NamingTheStanding() {
        STANDINGS.put("gate-enf-down-1", down("connection refused"));
        unavailable(screen(request("gate-enf-down-1", BENIGN)), "standing")
                .body("detail", containsString("standing (enforcement-service UNAVAILABLE: connection refused)"));
        // nothing was cached: once it is back, the request goes through
        STANDINGS.remove("gate-enf-down-1");
        screen(request("gate-enf-down-1", BENIGN)).statusCode(200).body("decision", is("allow"));
    }

    @Test
    void theEnforcementServicePastItsDeadlineIsA503() {
        STANDINGS.put("gate-enf-slow-1", STALL);
        unavailable(screen(request("gate-enf-slow-1", BENIGN)), "standing").body("detail", containsString("DEADLINE_EXCEEDED"));
    }

    @Test
    void theHashServiceDownIsA503NamingTheHashCheck() {
        MATCHES.put("upload-gate-hash-down-1", down("index not ready"));
        unavailable(screen(request("gate-hash-down-1", BENIGN), JPEG, "image/jpeg"), "hash")
                .body("detail", containsString("hash-service UNAVAILABLE"));
        // the classifier was asked all the same
        assertEquals(1, classifyCalls("upload-gate-hash-down-1").size());
    }

    @Test
    void theClassifierDownOrPastItsDeadlineIsA503NamingIt() {
        CLASSIFICATIONS.put("upload-gate-cls-down-1", down("model not loaded"));
        unavailable(screen(request("gate-cls-down-1", BENIGN), JPEG, "image/jpeg"), "classifier")
                .body("detail", containsString("model not loaded"));
        assertEquals(1, matchCalls("upload-gate-cls-down-1").size());

        CLASSIFICATIONS.put("upload-gate-cls-slow-1", STALL);
        unavailable(screen(request("gate-cls-slow-1", BENIGN), JPEG, "image/jpeg"), "classifier")
                .body("detail", containsString("DEADLINE_EXCEEDED"));
    }

    @Test
    void bothImageChecksDownNameBoth() {
        MATCHES.put("upload-gate-both-down-1", STALL);
        CLASSIFICATIONS.put("upload-gate-both-down-1", down("no healthy upstream"));
        unavailable(screen(request("gate-both-down-1", BENIGN), JPEG, "image/jpeg"), "hash", "classifier");
    }

    @Test
    void aBlockedPromptWithTheHashServiceDownIsABlockThatNamesTheMissingCheck() {
        MATCHES.put("upload-gate-block-down-1", down("index not ready"));
        screen(request("gate-block-down-1", VIOLENT), JPEG, "image/jpeg").statusCode(200)
                .body("decision", is("block"))
                .body("reasons[0].check", is("prompt"))
                .body("unavailable", is(List.of("hash")))
                .body("hash", nullValue())
                .body("classification.decision", is("allow"));
        // a suspended account whose standing is known blocks even with the hash-service down (named), and is not classified
        STANDINGS.put("gate-block-down-2", FakeDownstreams.standing(StandingState.STANDING_STATE_SUSPENDED, 0));
        MATCHES.put("upload-gate-block-down-2", down("connection refused"));
        screen(request("gate-block-down-2", BENIGN), JPEG, "image/jpeg").statusCode(200).body("decision", is("block"))
                .body("unavailable", is(List.of("hash"))).body("classification", nullValue());
        // the standing unknown but the prompt blocks: a block naming the standing
        STANDINGS.put("gate-block-down-3", down("connection refused"));
        screen(request("gate-block-down-3", VIOLENT)).statusCode(200).body("decision", is("block"))
                .body("standing", nullValue()).body("unavailable", is(List.of("standing")));
    }

    @Test
    void aReviewIsNoBlockSoAMissingCheckStillFailsClosed() {
        CLASSIFICATIONS.put("upload-gate-review-down-1", FakeDownstreams.verdict(Action.ACTION_REVIEW, 0.6f, ""));
        MATCHES.put("upload-gate-review-down-1", down("index not ready"));
        unavailable(screen(request("gate-review-down-1", BENIGN), JPEG, "image/jpeg"), "hash");
    }

    @Test
    void unavailableChecksAreCounted() {
        STANDINGS.put("gate-enf-down-metrics", down("connection refused"));
        screen(request("gate-enf-down-metrics", BENIGN)).statusCode(503);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gate_check_unavailable_total{check=\"standing\""))
                .body(containsString("gate_screen_seconds_count{decision=\"unavailable\""));
    }
}

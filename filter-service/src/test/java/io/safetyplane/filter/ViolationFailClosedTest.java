package io.safetyplane.filter;

import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.Api.check;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** When Kafka does not take a violation, the prompt is not answered as handled: 503, and the gate fails closed. */
@QuarkusTest
@TestProfile(ViolationFailClosedTest.ViolationsRefused.class)
class ViolationFailClosedTest {

    /** The violations channel writes to a topic name Kafka refuses. */
    public static class ViolationsRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.violations.topic", "not a valid topic!",
                    "filter-service.events.violation-send-timeout", "5s");
        }
    }

    @Test
    void aBlockAndReportVerdictKafkaDoesNotTakeIsA503() {
        check("self-serve", "fail-closed-1", CSAM).statusCode(503)
                .contentType(containsString("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("type", is("urn:safety-plane:problem:violation-not-recorded"));
        // verdicts without a violation are unaffected
        check("self-serve", "fail-closed-2", BENIGN).statusCode(200).body("decision", is("allow"));
    }
}

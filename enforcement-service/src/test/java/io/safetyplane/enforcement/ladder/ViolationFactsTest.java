package io.safetyplane.enforcement.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.ladder.ViolationFacts.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ViolationFactsTest {

    @Test
    void mapsEveryFieldOfTheEvent() {
        Violation v = Violation.newBuilder().setEventId("ev-7")
                .setContext(RequestContext.newBuilder().setTenantId("acme").setAccountId("acct-1").setEndUserId(" eu-1 "))
                .setDetector("classifier-service").setCategory(" Self_Harm ")
                .setSeverity(io.safetyplane.contracts.events.v1.Severity.SEVERITY_HIGH)
                .setAction(io.safetyplane.contracts.events.v1.Action.ACTION_BLOCK_AND_REPORT)
                .setStage(ContentStage.CONTENT_STAGE_OUTPUT).setReportable(true).setOccurredAtMillis(1_767_225_600_123L)
                .build();
        assertEquals(new ViolationFacts("ev-7", "acme", "acct-1", "eu-1", "self_harm", Severity.HIGH,
                Verdict.BLOCK_AND_REPORT, Stage.OUTPUT, true, "classifier-service", Instant.ofEpochMilli(1_767_225_600_123L)),
                ViolationFacts.of(v));
    }

    @Test
    void unsetOrUnknownEnumValuesAreUnspecified() {
        ViolationFacts f = ViolationFacts.of(Violation.newBuilder().setSeverityValue(99).setActionValue(42).build());
        assertEquals(Severity.UNSPECIFIED, f.severity());
        assertEquals(Verdict.UNSPECIFIED, f.verdict());
        assertEquals(Stage.UNSPECIFIED, f.stage());
        assertFalse(f.businessTenant());
        assertFalse(f.hasEndUser());
    }

    @Test
    void aBusinessIsAnyTenantButSelfServe() {
        Instant t = Instant.EPOCH;
        assertTrue(new ViolationFacts("e", "acme", "a", "", "sexual", Severity.LOW, Verdict.BLOCK, Stage.PROMPT, false, "d", t)
                .businessTenant());
        assertFalse(new ViolationFacts("e", "self-serve", "a", "", "sexual", Severity.LOW, Verdict.BLOCK, Stage.PROMPT, false,
                "d", t).businessTenant());
    }
}

package io.safetyplane.enforcement.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.Period;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.safetyplane.enforcement.ladder.Decision;
import io.safetyplane.enforcement.ladder.Severity;
import io.safetyplane.enforcement.ladder.Stage;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.notice.NoticeFacts;
import io.safetyplane.enforcement.notice.PolicyCategory;

/** How a sanction and the violation behind it become the facts of its statement of reasons. */
class NoticeFactsMappingTest {
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
    private static final Period WINDOW = Period.ofMonths(6);

    static SanctionEntity sanction(String action, Instant endsAt, String endUser, boolean automated, String reason) {
        SanctionEntity e = new SanctionEntity();
        e.id = UUID.randomUUID();
        e.tenantId = "acme";
        e.accountId = "acct-1";
        e.endUserId = endUser;
        e.action = action;
        e.startsAt = AT;
        e.endsAt = endsAt;
        e.category = "sexual";
        e.reason = reason;
        e.automated = automated;
        return e;
    }

    static ViolationFacts violation(Stage stage, String detector, Instant occurred) {
        return new ViolationFacts("ev-1", "acme", "acct-1", "user-7", "sexual", Severity.HIGH, ViolationFacts.Verdict.BLOCK, stage, false,
                detector, occurred);
    }

    @Test
    void aLadderSuspensionOfAnEndUserAfterAPromptIsFullyAutomated() {
        SanctionEntity e = sanction("suspend", AT.plusSeconds(86_400), "user-7", true, Decision.STRIKE_THRESHOLD);
        NoticeFacts f = Notices.noticeFacts(e, violation(Stage.PROMPT, "filter-service", AT.minusSeconds(2)), WINDOW);
        assertEquals(e.id.toString(), f.decisionId());
        assertEquals(NoticeFacts.Action.SUSPEND, f.action());
        assertEquals(AT.plusSeconds(86_400), f.until());
        assertTrue(f.target().isEndUser());
        assertEquals("user-7", f.target().endUserId());
        assertEquals(PolicyCategory.fromId("sexual"), f.category());
        assertEquals(NoticeFacts.Stage.PROMPT, f.stage());
        assertEquals(NoticeFacts.Automation.FULLY, f.automatedDecision());
        assertTrue(f.automatedDetection());
        assertEquals("filter-service", f.detector());
        assertEquals(AT.minusSeconds(2), f.contentAt());
        assertTrue(f.facts().contains("of high severity") && f.facts().contains("threshold"), f.facts());
        assertFalse(f.facts().contains("acct-1") || f.facts().contains("user-7"), "no ids in the facts: " + f.facts());
    }

    @Test
    void aReviewersSanctionWithoutAViolationIsNotAutomatedAndAWarningHasNoEnd() {
        SanctionEntity e = sanction("warn", AT.plusSeconds(3_600), "", false, Decision.WARNING);
        NoticeFacts f = Notices.noticeFacts(e, null, WINDOW);
        assertEquals(NoticeFacts.Action.WARN, f.action());
        assertNull(f.until(), "only suspensions and restrictions carry an end");
        assertFalse(f.target().isEndUser());
        assertEquals(NoticeFacts.Automation.NOT_AUTOMATED, f.automatedDecision());
        assertFalse(f.automatedDetection());
        assertNull(f.detector());
        assertEquals(NoticeFacts.Stage.UPLOAD, f.stage());
        assertTrue(f.facts().startsWith("A reviewer found content"), f.facts());
    }

    @Test
    void aReviewerConfirmingADetectionIsPartlyAutomatedAndAnImplausibleContentTimeIsTheDecisionTime() {
        SanctionEntity e = sanction("disable", null, "", false, Decision.STRIKE_THRESHOLD);
        NoticeFacts f = Notices.noticeFacts(e, violation(Stage.UNSPECIFIED, "", AT.plusSeconds(60)), WINDOW);
        assertEquals(NoticeFacts.Automation.PARTIALLY, f.automatedDecision());
        assertEquals("automated detection", f.detector(), "a violation without a detector name");
        assertEquals(NoticeFacts.Stage.UPLOAD, f.stage(), "a hash match that does not say concerns what the user supplied");
        assertEquals(AT, f.contentAt(), "content cannot come in after the decision");
    }
}

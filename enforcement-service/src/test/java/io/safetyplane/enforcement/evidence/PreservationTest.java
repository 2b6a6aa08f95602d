package io.safetyplane.enforcement.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.enforcement.evidence.Preservation.Status;
import io.safetyplane.enforcement.evidence.PreservationException.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PreservationTest {

    static final Instant DETECTED = Instant.parse("2025-06-01T09:00:00Z");
    static final Instant FILED = Instant.parse("2025-06-15T08:30:00Z");
    static final Instant YEAR_END = Instant.parse("2026-06-15T08:30:00Z");
    static final Destruction LE_REQUEST = new Destruction("FBI Field Office, SA Doe", "FBI-2025-0042",
            Instant.parse("2025-07-01T10:00:00Z"), "officer-1", Instant.parse("2025-07-01T12:00:00Z"));

    private final Preservation detected = Preservation.detected(DETECTED);
    private final Preservation filed = detected.reportFiled(FILED);

    @Test
    void heldFromDetectionUntilTheReportIsFiled() {
        Instant muchLater = DETECTED.plus(Duration.ofDays(3650));

        assertEquals(Status.AWAITING_REPORT, detected.status(muchLater));
        assertFalse(detected.expired(muchLater));
        assertEquals(Optional.empty(), detected.earliestPurge());
        assertEquals(Optional.empty(), detected.preservedUntil());
        assertNotAllowed("the report has not been filed; evidence is held from detection until then",
                () -> detected.purge(muchLater));
    }

    @Test
    void theFiledReportIsPreservedForOneYear() {
        assertEquals(Optional.of(YEAR_END), filed.preservedUntil());
        assertEquals(Status.PRESERVED, filed.status(YEAR_END.minusSeconds(1)));
        assertFalse(filed.expired(YEAR_END.minusSeconds(1)));
        assertNotAllowed("preserved until " + YEAR_END, () -> filed.purge(YEAR_END.minusSeconds(1)));

        assertTrue(filed.expired(YEAR_END));
        assertEquals(Status.EXPIRED, filed.status(YEAR_END));
        Preservation purged = filed.purge(YEAR_END);
        assertEquals(Status.PURGED, purged.status(YEAR_END));
        assertFalse(purged.readable());
        assertFalse(purged.expired(YEAR_END));
        assertGone("cannot purge evidence purged at " + YEAR_END, () -> purged.purge(YEAR_END));
    }

    @Test
    void aYearAfterTheTwentyNinthOfFebruaryIsTheFirstOfMarch() {
        assertEquals(Instant.parse("2025-03-01T12:00:00Z"),
                Preservation.oneYearAfter(Instant.parse("2024-02-29T12:00:00Z")));
        assertEquals(Instant.parse("2025-02-28T23:59:59Z"),
                Preservation.oneYearAfter(Instant.parse("2024-02-28T23:59:59Z")));
        assertEquals(Instant.parse("2029-02-28T00:00:00Z"),
                Preservation.oneYearAfter(Instant.parse("2028-02-28T00:00:00Z")));
    }

    @Test
    void filingIsRecordedOnce() {
        assertSame(filed, filed.reportFiled(FILED));
        assertNotAllowed("the report was already filed at " + FILED, () -> filed.reportFiled(FILED.plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> detected.reportFiled(DETECTED.minusSeconds(1)));
    }

    @Test
    void aDatedLegalHoldExtendsPreservation() {
        Instant holdEnd = YEAR_END.plus(Duration.ofDays(365));
        Preservation held = filed.placeHold(LegalHold.until("SUBPOENA-7", "officer-1", FILED.plusSeconds(60), holdEnd));

        assertEquals(Status.HELD, held.status(YEAR_END));
        assertFalse(held.expired(YEAR_END.plusSeconds(1)));
        assertEquals(Optional.of(holdEnd), held.earliestPurge());
        assertNotAllowed("legal hold SUBPOENA-7 is in force until " + holdEnd, () -> held.purge(YEAR_END));
        assertTrue(held.expired(holdEnd));
        assertEquals(Status.EXPIRED, held.status(holdEnd));
    }

    @Test
    void anOpenEndedHoldLastsUntilLifted() {
        Instant lifted = YEAR_END.plus(Duration.ofDays(1000));
        Preservation held = filed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", FILED));

        assertEquals(Optional.empty(), held.earliestPurge());
        assertFalse(held.expired(lifted));
        assertNotAllowed("legal hold CASE-9 is in force until lifted", () -> held.purge(lifted));

        Preservation released = held.liftHold("CASE-9", "officer-2", lifted);
        assertEquals(Optional.of(lifted), released.earliestPurge());
        assertEquals(Status.EXPIRED, released.status(lifted));
        assertEquals("officer-2", released.holds().get(0).liftedBy());
        assertNotAllowed("legal hold CASE-9 was already lifted at " + lifted,
                () -> released.liftHold("CASE-9", "officer-2", lifted));
    }

    @Test
    void liftingAHoldEarlyLeavesTheStatutoryYear() {
        Preservation released = filed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", FILED))
                .liftHold("CASE-9", "officer-1", FILED.plus(Duration.ofDays(30)));

        assertEquals(Optional.of(YEAR_END), released.earliestPurge());
        assertEquals(Status.PRESERVED, released.status(FILED.plus(Duration.ofDays(31))));
    }

    @Test
    void aHoldPlacedAfterExpiryKeepsTheEvidence() {
        Instant late = YEAR_END.plus(Duration.ofDays(10));
        Preservation held = filed.placeHold(LegalHold.untilLifted("LATE-1", "officer-1", late));

        assertEquals(Status.HELD, held.status(late));
        assertFalse(held.expired(late));
    }

    @Test
    void holdReferencesAreUniqueAndMustExist() {
        Preservation held = filed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", FILED));

        assertNotAllowed("legal hold CASE-9 already exists; a new hold needs a new reference",
                () -> held.placeHold(LegalHold.untilLifted("CASE-9", "officer-2", FILED)));
        assertNotAllowed("there is no legal hold CASE-10", () -> held.liftHold("CASE-10", "officer-1", FILED));
        assertThrows(IllegalArgumentException.class, () -> held.liftHold("CASE-9", "officer-1", FILED.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> LegalHold.until("CASE-11", "officer-1", FILED, FILED));
    }

    @Test
    void destructionOnRequestRemovesTheBytesAndKeepsItsRecord() {
        Preservation destroyed = filed.destroy(LE_REQUEST);

        assertFalse(destroyed.readable());
        assertEquals(LE_REQUEST, destroyed.destruction());
        assertEquals(FILED, destroyed.reportFiledAt());
        assertEquals(Status.DESTROYED, destroyed.status(LE_REQUEST.destroyedAt()));
        assertFalse(destroyed.expired(YEAR_END));
        String gone = " evidence destroyed at 2025-07-01T12:00:00Z on the request of FBI Field Office, SA Doe "
                + "(FBI-2025-0042)";
        assertGone("cannot read" + gone, destroyed::requireReadable);
        assertGone("cannot place a legal hold on" + gone,
                () -> destroyed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", YEAR_END)));
        assertGone("cannot destroy" + gone, () -> destroyed.destroy(LE_REQUEST));
        assertGone("cannot purge" + gone, () -> destroyed.purge(YEAR_END));
    }

    @Test
    void destructionIsPossibleBeforeTheReportButNotUnderALegalHold() {
        assertEquals(Status.DESTROYED, detected.destroy(LE_REQUEST).status(YEAR_END));

        Preservation held = filed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", FILED));
        assertNotAllowed("legal hold CASE-9 is in force; lift it before destroying the evidence",
                () -> held.destroy(LE_REQUEST));
        Preservation lifted = held.liftHold("CASE-9", "officer-1", LE_REQUEST.requestedAt());
        assertEquals(Status.DESTROYED, lifted.destroy(LE_REQUEST).status(LE_REQUEST.destroyedAt()));
    }

    @Test
    void dismissedEvidenceMayBePurgedUnlessHeld() {
        Instant at = DETECTED.plus(Duration.ofHours(2));
        Preservation dismissed = detected.dismiss(new Dismissal("reviewer-3", at, "false hash match"));

        assertEquals(Status.EXPIRED, dismissed.status(at));
        assertEquals(Status.PURGED, dismissed.purge(at).status(at));
        assertNotAllowed("the evidence was dismissed at " + at + " (false hash match)",
                () -> dismissed.reportFiled(at));
        assertNotAllowed("the report was filed at " + FILED + "; reported evidence is preserved",
                () -> filed.dismiss(new Dismissal("reviewer-3", at, "false hash match")));

        Preservation held = dismissed.placeHold(LegalHold.untilLifted("CASE-9", "officer-1", at));
        assertFalse(held.expired(at.plusSeconds(1)));
    }

    @Test
    void inconsistentStatesCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new Preservation(DETECTED, FILED,
                new Dismissal("r", FILED, "x"), List.of(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new Preservation(DETECTED, FILED, null,
                List.of(), LE_REQUEST, YEAR_END));
        assertThrows(IllegalArgumentException.class, () -> new Preservation(DETECTED, DETECTED.minusSeconds(1), null,
                List.of(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new Destruction("FBI", "REF",
                LE_REQUEST.destroyedAt(), "officer-1", LE_REQUEST.requestedAt()));
        assertThrows(IllegalArgumentException.class, () -> new Destruction(" ", "REF",
                LE_REQUEST.requestedAt(), "officer-1", LE_REQUEST.destroyedAt()));
    }

    private static void assertNotAllowed(String message, Executable transition) {
        PreservationException e = assertThrows(PreservationException.class, transition);
        assertEquals(Reason.NOT_ALLOWED, e.reason());
        assertEquals(message, e.getMessage());
    }

    private static void assertGone(String message, Executable transition) {
        PreservationException e = assertThrows(PreservationException.class, transition);
        assertEquals(Reason.GONE, e.reason());
        assertEquals(message, e.getMessage());
    }
}

package io.safetyplane.enforcement.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.safetyplane.enforcement.ladder.Standing.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StandingTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration MONTH = Duration.ofDays(30);

    static SanctionRecord warn(Instant at) {
        return new SanctionRecord(Action.WARN, null, at, null);
    }

    static SanctionRecord suspend(Instant at, Instant until) {
        return new SanctionRecord(Action.SUSPEND, null, at, until);
    }

    static SanctionRecord restrict(String scope, Instant at, Instant until) {
        return new SanctionRecord(Action.RESTRICT, scope, at, until);
    }

    static SanctionRecord disable(Instant at) {
        return new SanctionRecord(Action.DISABLE, null, at, null);
    }

    @Test
    void noSanctionsIsActive() {
        Standing s = Standing.of(List.of(), T0, MONTH);
        assertEquals(Standing.active(), s);
        assertFalse(s.blocked());
    }

    @Test
    void strictestInForceWins() {
        List<SanctionRecord> records = new ArrayList<>(List.of(warn(T0), restrict("uploads", T0, T0.plus(Duration.ofDays(60))),
                suspend(T0, T0.plus(Duration.ofDays(7)))));
        Standing suspended = Standing.of(records, T0.plusSeconds(1), MONTH);
        assertEquals(Level.SUSPENDED, suspended.level());
        assertEquals(T0.plus(Duration.ofDays(7)), suspended.until());
        assertEquals(Set.of("uploads"), suspended.restrictions());
        assertTrue(suspended.blocked());

        records.add(0, disable(T0.plusSeconds(1)));
        Standing disabled = Standing.of(records, T0.plusSeconds(1), MONTH);
        assertEquals(Level.DISABLED, disabled.level());
        assertNull(disabled.until());
    }

    @Test
    void aSuspensionEndsAtItsTimeAndTheMilderSanctionsShowThrough() {
        Instant end = T0.plus(Duration.ofHours(24));
        List<SanctionRecord> records = List.of(warn(T0), suspend(T0, end));
        assertEquals(Level.SUSPENDED, Standing.of(records, end.minusMillis(1), MONTH).level());
        Standing after = Standing.of(records, end, MONTH);
        assertEquals(Level.WARNED, after.level());
        assertEquals(T0.plus(MONTH), after.until());
        assertFalse(after.blocked());
    }

    @Test
    void overlappingSuspensionsLastUntilTheLatestAndOneWithoutEndHasNone() {
        List<SanctionRecord> records = new ArrayList<>(List.of(suspend(T0, T0.plus(Duration.ofDays(7))),
                suspend(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)))));
        assertEquals(T0.plus(Duration.ofDays(7)), Standing.of(records, T0.plus(Duration.ofDays(1)), MONTH).until());
        records.add(suspend(T0, null)); // a disable pending its second reviewer
        Standing pending = Standing.of(records, T0.plus(Duration.ofDays(1)), MONTH);
        assertEquals(Level.SUSPENDED, pending.level());
        assertNull(pending.until());
        assertEquals(Level.SUSPENDED, Standing.of(records, T0.plus(Duration.ofDays(900)), MONTH).level());
    }

    @Test
    void aWarningCountsForTheWarningPeriodOnly() {
        List<SanctionRecord> records = List.of(warn(T0));
        assertEquals(Level.WARNED, Standing.of(records, T0.plus(MONTH).minusSeconds(1), MONTH).level());
        assertEquals(Level.ACTIVE, Standing.of(records, T0.plus(MONTH), MONTH).level());
        assertEquals(Level.ACTIVE, Standing.of(records, T0.plus(Duration.ofDays(7)), Duration.ofDays(7)).level());
        assertEquals(Level.WARNED, Standing.of(records, T0.plus(Duration.ofDays(7)), Duration.ofDays(8)).level());
    }

    @Test
    void sanctionsNotYetInEffectDoNotCount() {
        assertEquals(Level.ACTIVE, Standing.of(List.of(disable(T0.plusSeconds(1))), T0, MONTH).level());
    }

    @Test
    void removingAnOverturnedSanctionRestoresTheStandingBeforeIt() {
        SanctionRecord warning = warn(T0);
        SanctionRecord overturned = suspend(T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(9)));
        Instant now = T0.plus(Duration.ofDays(3));
        assertEquals(Level.SUSPENDED, Standing.of(List.of(warning, overturned), now, MONTH).level());
        Standing restored = Standing.of(List.of(warning), now, MONTH);
        assertEquals(new Standing(Level.WARNED, T0.plus(MONTH), Set.of()), restored);
    }

    @Test
    void aPendingDisableFromTheLadderShowsAsSuspendedWithoutEnd() {
        Ladder ladder = new Ladder(LadderPolicy.defaults());
        List<Strike> strikes = new ArrayList<>();
        List<SanctionRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant at = T0.plus(Duration.ofDays(8L * i));
            Sanction s = (Sanction) ladder.decide(LadderTest.upload("violence", Severity.HIGH), strikes, at);
            strikes.add(s.strike());
            records.add(s.record());
        }
        Standing now = Standing.of(records, T0.plus(Duration.ofDays(25)), ladder.policy().warningPeriod());
        assertEquals(new Standing(Level.SUSPENDED, null, Set.of()), now);
    }
}

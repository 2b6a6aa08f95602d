package io.safetyplane.cybertipline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.safetyplane.cybertipline.fake.Endpoint;
import io.safetyplane.cybertipline.fake.Fault;

/**
 * A crash between any two steps, and a restart, ends with one finished report and no duplicate. A crash is the
 * journal's save failing right after a remote call took effect, so the journal lags NCMEC by one step.
 */
class ExactlyOnceTest extends JobTestBase {
    /** The saves of an undisturbed run of the two-file incident, each right after the step named. */
    private static final List<String> STEPS = List.of("attempt counted (before any call)", "/submit", "/upload " + UPLOAD_NAME,
            "/fileinfo " + UPLOAD_NAME, "/upload " + OUTPUT_NAME, "/fileinfo " + OUTPUT_NAME, "/finish");

    static Stream<Arguments> crashPoints() {
        return IntStream.rangeClosed(1, STEPS.size()).mapToObj(n -> Arguments.of(n, STEPS.get(n - 1)));
    }

    @Test
    void anUndisturbedRunSavesAfterEveryStepBeforeTheNext() {
        List<String> saved = new ArrayList<>();
        CrashingJournal counting = CrashingJournal.counting(journal, (count, r) -> saved.add(r.state() + " " + r.files().stream()
                .map(f -> f.fileName() + ":" + f.state()).toList() + " calls " + fake.callCounts().values().stream().mapToInt(i -> i).sum()));
        assertFiledOnce(job(counting).run(incident()));
        assertEquals(STEPS.size(), counting.saves(), String.join("\n", saved));
        assertEquals(List.of(
                "PENDING [] calls 0",
                "SUBMITTED [] calls 1",
                "SUBMITTED [upload-9f2c.png:UPLOADED] calls 2",
                "SUBMITTED [upload-9f2c.png:FILE_INFO_SENT] calls 3",
                "SUBMITTED [upload-9f2c.png:FILE_INFO_SENT, output-71ad.png:UPLOADED] calls 4",
                "SUBMITTED [upload-9f2c.png:FILE_INFO_SENT, output-71ad.png:FILE_INFO_SENT] calls 5",
                "FINISHED [upload-9f2c.png:FILE_INFO_SENT, output-71ad.png:FILE_INFO_SENT] calls 6"), saved);
    }

    @ParameterizedTest(name = "crash after {1}")
    @MethodSource("crashPoints")
    void aCrashAfterAnyStepAndARestartFileOneReport(int crashAt, String step) {
        assertThrows(CrashingJournal.Crash.class, () -> job(new CrashingJournal(journal, crashAt)).run(incident()));

        JobResult resumed = job(journal).run(incident());

        assertFiledOnce(resumed);
        boolean reportIdWasStored = crashAt > 2;
        assertEquals(reportIdWasStored ? 1 : 0, fake.calls(Endpoint.RETRACT), "retract first exactly when a reportId was stored");
        assertEquals(crashAt == STEPS.size() ? 1 : crashAt > 1 ? 2 : 1, fake.calls(Endpoint.SUBMIT));
        assertNothingMoreHappens();
    }

    static Stream<Arguments> crashPairs() {
        return IntStream.rangeClosed(1, STEPS.size()).boxed()
                .flatMap(first -> IntStream.rangeClosed(1, STEPS.size() + 1).mapToObj(second -> Arguments.of(first, second)));
    }

    @ParameterizedTest(name = "crash at save {0}, then at save {1} of the restarted run")
    @MethodSource("crashPairs")
    void aSecondCrashDuringRecoveryStillFilesOneReport(int first, int second) {
        assertThrows(CrashingJournal.Crash.class, () -> job(new CrashingJournal(journal, first)).run(incident()));
        try {
            job(new CrashingJournal(journal, second)).run(incident());
        } catch (CrashingJournal.Crash expected) {
            // the restarted run died too; a third one recovers
        }
        assertFiledOnce(job(journal).run(incident()));
        assertNothingMoreHappens();
    }

    @Test
    void theAnswerToFinishIsLostThenRetractSays5102AndTheReportIsFinished() {
        fake.failNext(Endpoint.FINISH, 1, Fault.delay(Duration.ofMinutes(10)));

        JobResult first = job(journal, Duration.ofSeconds(1)).run(incident());

        JobResult.RetryLater retry = assertInstanceOf(JobResult.RetryLater.class, first);
        assertTrue(retry.reason().contains("timed out"), retry.reason());
        assertEquals(ReportState.SUBMITTED, record().state());
        assertEquals(1, fake.finishedReports().size(), "filed, though the job never heard so");

        assertFiledOnce(job().run(incident()));
        assertEquals(Map.of(Endpoint.SUBMIT, 1, Endpoint.FINISH, 1, Endpoint.RETRACT, 1),
                Map.of(Endpoint.SUBMIT, fake.calls(Endpoint.SUBMIT), Endpoint.FINISH, fake.calls(Endpoint.FINISH), Endpoint.RETRACT,
                        fake.calls(Endpoint.RETRACT)));
        assertNothingMoreHappens();
    }

    /** Another run calls NCMEC no more, and reports left open expire unfinished: still one filed report. */
    private void assertNothingMoreHappens() {
        Map<Endpoint, Integer> calls = fake.callCounts();
        assertInstanceOf(JobResult.Finished.class, job().run(incident()));
        assertEquals(calls, fake.callCounts());
        clock.advance(Duration.ofHours(25));
        assertEquals(List.of(), List.copyOf(fake.openReportIds()), "stale reports expire unfinished");
        assertEquals(1, fake.finishedReports().size());
    }
}

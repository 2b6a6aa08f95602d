package io.safetyplane.cybertipline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.safetyplane.cybertipline.Report;
import io.safetyplane.cybertipline.Reports;
import io.safetyplane.cybertipline.SharedTipline;
import io.safetyplane.cybertipline.fake.Endpoint;
import io.safetyplane.cybertipline.fake.Fault;

/** NCMEC's answers, each classified, drive the job to FINISHED, a retry later or a hold. */
class ReportJobTest extends JobTestBase {

    @Test
    void anHttp200CarryingCode1000IsRetriedLaterNotTakenForSuccess() {
        fake.failNext(Endpoint.SUBMIT, 1, Fault.responseCode(1000));

        JobResult.RetryLater retry = assertInstanceOf(JobResult.RetryLater.class, job().run(incident()));

        assertTrue(retry.reason().contains("responseCode 1000"), retry.reason());
        assertEquals(ReportState.PENDING, retry.record().state());
        assertEquals(1, retry.record().attempts());
        assertEquals(retry.reason(), record().lastError());
        assertEquals(List.of(), fake.finishedReports());
        assertEquals(List.of(), List.copyOf(fake.openReportIds()));

        assertFiledOnce(job().run(incident()));
        assertEquals(2, record().attempts());
    }

    @Test
    void aRetryAfterSubmitRetractsTheOpenReportBeforeSubmittingAgain() {
        fake.failNext(Endpoint.UPLOAD, 1, Fault.responseCode(1000));
        JobResult.RetryLater retry = assertInstanceOf(JobResult.RetryLater.class, job().run(incident()));
        long stale = retry.record().reportId();

        assertFiledOnce(job().run(incident()));

        assertEquals(List.of(stale), fake.retractedReportIds().stream().toList());
        assertEquals(List.of(stale), record().abandonedReportIds());
        assertEquals(2, fake.calls(Endpoint.SUBMIT));
    }

    @Test
    void aReportThatExpiredMidRunIsStartedAgainFromSubmit() {
        // NCMEC deletes the report while the first file is being described: /fileinfo answers 5001
        CrashingJournal expiring = CrashingJournal.counting(journal, (count, r) -> {
            if (count == 3) { // after the first /upload was saved
                assertEquals(FileProgress.State.UPLOADED, r.file(UPLOAD_NAME).orElseThrow().state());
                fake.expireOpenReports();
            }
        });

        JobResult result = job(expiring).run(incident());

        assertFiledOnce(result);
        List<Long> abandoned = record().abandonedReportIds();
        assertEquals(1, abandoned.size());
        assertEquals(List.of(abandoned.get(0)), fake.expiredReportIds().stream().toList());
        assertTrue(record().lastError().contains("responseCode 5001"), record().lastError());
        assertEquals(2, fake.calls(Endpoint.SUBMIT));
    }

    @Test
    void aReportThatExpiredBetweenRunsAnswers5001ToRetractAndIsSubmittedAgain() {
        fake.failNext(Endpoint.FINISH, 1, Fault.responseCode(1000));
        long stale = assertInstanceOf(JobResult.RetryLater.class, job().run(incident())).record().reportId();
        clock.advance(Duration.ofHours(25)); // past the deadline of an unfinished report

        assertFiledOnce(job().run(incident()));

        assertEquals(List.of(stale), fake.expiredReportIds().stream().toList());
        assertEquals(List.of(stale), record().abandonedReportIds());
    }

    @Test
    void expiringAgainAfterTheRestartLeavesTheRestToALaterRun() {
        fake.failNext(Endpoint.FINISH, 2, Fault.responseCode(5001));

        JobResult.RetryLater retry = assertInstanceOf(JobResult.RetryLater.class, job().run(incident()));

        assertTrue(retry.reason().contains("5001"), retry.reason());
        assertEquals(2, fake.calls(Endpoint.SUBMIT), "one restart per run");
        assertFiledOnce(job().run(incident()));
    }

    @Test
    void code4100HoldsTheReportForAPersonAndNothingIsFiled() {
        fake.failNext(Endpoint.SUBMIT, 1, Fault.responseCode(4100));

        JobResult.Held held = assertInstanceOf(JobResult.Held.class, job().run(incident()));

        Hold hold = held.record().hold();
        assertFalse(hold.alert());
        assertTrue(hold.reason().contains("responseCode 4100"), hold.reason());
        assertEquals(List.of(), fake.finishedReports());
        Map<Endpoint, Integer> calls = fake.callCounts();
        assertInstanceOf(JobResult.Held.class, job().run(incident()));
        assertEquals(calls, fake.callCounts(), "a held report is never sent again unchanged");

        assertEquals(ReportState.PENDING, job().release(INCIDENT_ID).state());
        assertFiledOnce(job().run(incident()));
    }

    @Test
    void aReportFailingTheXsdHereIsHeldWithTheSchemaErrorsAndNeverSent() {
        Report example = Reports.example();
        Report broken = new Report(example.incidentType(), example.incidentDateTime(), example.incidentDateTimeDescription(),
                example.platform(), null, example.reporter(), example.reportedUsers(), "a control character \u0001 in free text");

        JobResult.Held held = assertInstanceOf(JobResult.Held.class, job().run(incident(broken)));

        assertFalse(held.record().hold().schemaErrors().isEmpty());
        assertFalse(held.record().hold().alert());
        assertEquals(0, fake.callCounts().values().stream().mapToInt(Integer::intValue).sum(), "nothing was sent");
        job().release(INCIDENT_ID);
        assertInstanceOf(JobResult.Held.class, job().run(incident(broken)), "released unchanged, held again");
        assertEquals(0, fake.calls(Endpoint.SUBMIT));
    }

    @Test
    void code2000HoldsTheReportWithAnAlert() {
        fake.failNext(Endpoint.SUBMIT, 1, Fault.responseCode(2000));

        JobResult.Held held = assertInstanceOf(JobResult.Held.class, job().run(incident()));

        assertTrue(held.record().hold().alert());
        assertTrue(held.record().hold().reason().contains("responseCode 2000"), held.record().hold().reason());
        assertEquals(List.of(), fake.finishedReports());
    }

    @Test
    void aHoldAfterSubmitKeepsTheReportIdAndTheReleasedRunRetractsItFirst() {
        fake.failNext(Endpoint.FILEINFO, 1, Fault.responseCode(4100));
        long open = assertInstanceOf(JobResult.Held.class, job().run(incident())).record().reportId();

        assertEquals(ReportState.SUBMITTED, job().release(INCIDENT_ID).state());
        assertFiledOnce(job().run(incident()));

        assertEquals(List.of(open), fake.retractedReportIds().stream().toList());
    }

    @Test
    void retriesRunOutIntoAnAlert() {
        fake.failNext(Endpoint.SUBMIT, 3, Fault.httpStatus(503));
        assertInstanceOf(JobResult.RetryLater.class, job().run(incident()));
        assertInstanceOf(JobResult.RetryLater.class, job().run(incident()));

        JobResult.Held held = assertInstanceOf(JobResult.Held.class, job().run(incident()));

        assertTrue(held.record().hold().alert());
        assertTrue(held.record().hold().reason().startsWith("gave up after 3 attempts"), held.record().hold().reason());
        assertEquals(0, job().release(INCIDENT_ID).attempts());
        assertFiledOnce(job().run(incident()));
    }

    @Test
    void aTextOnlyIncidentIsFiledWithoutFiles() {
        JobResult result = job().run(new Incident(INCIDENT_ID, Reports.example(), List.of()));

        assertInstanceOf(JobResult.Finished.class, result);
        assertEquals(1, fake.finishedReports().size());
        assertEquals(List.of(), fake.finishedReports().get(0).files());
        assertEquals(0, fake.calls(Endpoint.UPLOAD));
    }

    @Test
    void retractAbandonsTheOpenReportAndLaterRunsDoNothing() {
        fake.failNext(Endpoint.FINISH, 1, Fault.responseCode(1000));
        long open = assertInstanceOf(JobResult.RetryLater.class, job().run(incident())).record().reportId();

        JobResult.Retracted retracted = assertInstanceOf(JobResult.Retracted.class, job().retract(INCIDENT_ID));

        assertEquals(ReportState.RETRACTED, retracted.record().state());
        assertNull(retracted.record().reportId());
        assertEquals(List.of(open), retracted.record().abandonedReportIds());
        assertEquals(List.of(open), fake.retractedReportIds().stream().toList());
        Map<Endpoint, Integer> calls = fake.callCounts();
        assertInstanceOf(JobResult.Retracted.class, job().run(incident()));
        assertInstanceOf(JobResult.Retracted.class, job().retract(INCIDENT_ID));
        assertEquals(calls, fake.callCounts());
        assertEquals(List.of(), fake.finishedReports());
    }

    @Test
    void retractOfAHeldIncidentWithoutAReportCallsNothing() {
        fake.failNext(Endpoint.SUBMIT, 1, Fault.responseCode(2000));
        job().run(incident());

        assertInstanceOf(JobResult.Retracted.class, job().retract(INCIDENT_ID));

        assertEquals(0, fake.calls(Endpoint.RETRACT));
    }

    @Test
    void retractFindingTheReportFiledRecordsItAsFinished() {
        fake.failNext(Endpoint.FINISH, 1, Fault.delay(Duration.ofMinutes(10)));
        assertInstanceOf(JobResult.RetryLater.class, job(journal, Duration.ofSeconds(1)).run(incident()));

        assertFiledOnce(job().retract(INCIDENT_ID));
    }

    @Test
    void aFiledReportCannotBeRetractedAndAnUnknownIncidentHasNothingToRetract() {
        assertFiledOnce(job().run(incident()));

        IllegalStateException filed = assertThrows(IllegalStateException.class, () -> job().retract(INCIDENT_ID));
        assertTrue(filed.getMessage().contains("cannot be retracted"), filed.getMessage());
        assertThrows(NoSuchElementException.class, () -> job().retract("inc-unknown"));
        assertThrows(NoSuchElementException.class, () -> job().release("inc-unknown"));
        assertThrows(IllegalStateException.class, () -> job().release(INCIDENT_ID));
    }

    @Test
    void twoRunsOfOneIncidentCannotBothAdvanceIt() {
        ReportRecord first = ReportRecord.pending(INCIDENT_ID, clock.instant()).attempted(clock.instant());
        journal.save(first);

        JournalConflictException conflict = assertThrows(JournalConflictException.class, () -> journal.save(first));

        assertTrue(conflict.getMessage().contains("at version 1, this run expected 0"), conflict.getMessage());
        journal.save(first.attempted(clock.instant()));
        assertEquals(2, record().attempts());
    }

    @Test
    void badIncidentsAreRefusedWithClearErrors() {
        FileFacts facts = facts(Reports.upload());
        ReportFile a = ReportFile.of("a.png", new byte[] {1}, facts);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new Incident(INCIDENT_ID, Reports.example(), List.of(a, a)));
        assertTrue(twice.getMessage().contains("names file 'a.png' twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Incident(" ", Reports.example(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> ReportFile.of("a\".png", new byte[] {1}, facts));
        assertThrows(NullPointerException.class, () -> ReportFile.of("a.png", null, facts));
        assertThrows(IllegalArgumentException.class, () -> new ReportJob(client(Duration.ofSeconds(1)), SharedTipline.schema(), journal, clock, 0));
    }
}

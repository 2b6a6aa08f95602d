package io.safetyplane.enforcement.tipline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.safetyplane.cybertipline.IncidentType;
import io.safetyplane.cybertipline.Report;
import io.safetyplane.cybertipline.Reporter;
import io.safetyplane.cybertipline.ReportingPerson;
import io.safetyplane.cybertipline.TiplineClient;
import io.safetyplane.cybertipline.fake.Endpoint;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.cybertipline.fake.FinishedReport;
import io.safetyplane.cybertipline.fake.Fault;
import io.safetyplane.cybertipline.job.Hold;
import io.safetyplane.cybertipline.job.JournalConflictException;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.TestTokens;
import jakarta.inject.Inject;

/**
 * Queued CyberTipline reports filed with the fake CyberTipline: exactly once, through an error answered with HTTP 200,
 * a report the XSD refuses held and never sent, a payload NCMEC refuses held until released, retraction, a restart
 * with a stale report id, and the staff API's roles and errors.
 */
@QuarkusTest
@TestProfile(TiplineProfile.class)
class TiplineReportingTest {
    static final String OFFICER = TestTokens.token("officer-1", "tipline-officer");
    static final String REPORTS = "/v1/tipline/reports";

    @Inject
    TiplineQueue queue;
    @Inject
    PgReportJournal journal;
    @Inject
    FiledReports filedReports;
    @Inject
    TiplineClient client;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    FakeCyberTipline fake;

    @BeforeEach
    void fake() {
        fake = FakeTiplineResource.fake();
    }

    /** Queues a hash-matched report of {@code account}; {@code tweak} changes the row before the transaction commits. */
    UUID queue(String account, String endUserId, Consumer<TiplineReportEntity> tweak) throws Throwable {
        TiplineQueue.ConfirmedIncident incident = new TiplineQueue.ConfirmedIncident(TiplineReportEntity.HASH_MATCH,
                Target.of("tenant-tl", account, endUserId), "viol-" + UUID.randomUUID(), null, "csam", Instant.now(), "req-" + account,
                "192.0.2.10", "", List.of(Map.of("bank", "demo-csam", "entryId", "e-1", "signalType", "pdq", "distance", 3)),
                "hash-service");
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> queue.queue(incident).invoke(tweak).map(r -> r.id)));
    }

    ReportRecord record(UUID id) {
        return journal.find(id.toString()).orElseThrow();
    }

    ReportRecord awaitState(UUID id, ReportState state) throws InterruptedException {
        KafkaEvents.await("report " + id + " " + state, () -> record(id).state() == state);
        return record(id);
    }

    List<FinishedReport> finishedOf(String account) {
        return fake.finishedReports().stream().filter(r -> r.reportXml().contains(account)).toList();
    }

    long filedToday() {
        Instant start = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        return filedReports.filed(start, start.plusSeconds(2 * 86400)).await().indefinitely();
    }

    @Test
    void aQueuedReportIsFiledExactlyOnceAndCounted() throws Throwable {
        long before = filedToday();
        String account = "acct-" + UUID.randomUUID();
        UUID id = queue(account, "end-user-42", r -> { });
        ReportRecord done = awaitState(id, ReportState.FINISHED);

        List<FinishedReport> filed = finishedOf(account);
        assertEquals(1, filed.size(), "one report at NCMEC");
        assertEquals(filed.get(0).reportId(), done.reportId());
        String xml = filed.get(0).reportXml();
        assertTrue(xml.contains(IncidentType.CHILD_PORNOGRAPHY.xml()), xml);
        assertTrue(xml.contains(account + "/enduser:end-user-42"), "the business-supplied end-user id: " + xml);
        assertTrue(xml.contains("192.0.2.10") && xml.contains("tenant-tl") && xml.contains("Business"), xml);
        assertTrue(xml.contains("demo-csam"), "the bank match: " + xml);
        assertEquals(1, done.attempts());
        assertNull(done.hold());
        assertTrue(filedToday() >= before + 1, "the transparency count grows");

        given().auth().oauth2(OFFICER).get(REPORTS + "/" + id).then().statusCode(200).body("state", is("FINISHED"))
                .body("ncmecReportId", is((int) (long) done.reportId())).body("finishedAt", not(nullValue()))
                .body("target.endUserId", is("end-user-42")).body("basis", is("hash-match"));
        given().auth().oauth2(OFFICER).queryParam("state", "finished").get(REPORTS).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.state", is("FINISHED"));

        // after the filing: no retraction, no retry
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reason", "filed by mistake"))
                .post(REPORTS + "/" + id + "/retract").then().statusCode(409).body("type", containsString("tipline-report-filed"));
        given().auth().oauth2(OFFICER).post(REPORTS + "/" + id + "/retry").then().statusCode(409)
                .body("type", containsString("tipline-report-final"));
        assertEquals(1, finishedOf(account).size());
        assertTrue(fake.retractedReportIds().stream().noneMatch(done.reportId()::equals));
    }

    @Test
    void anErrorCodeInAnHttp200OnFinishIsRetriedAndStillFilesOneReport() throws Throwable {
        fake.failNext(Endpoint.FINISH, 1, Fault.responseCode(1000));
        String account = "acct-" + UUID.randomUUID();
        UUID id = queue(account, "", r -> { });
        ReportRecord done = awaitState(id, ReportState.FINISHED);
        assertEquals(1, finishedOf(account).size());
        assertEquals(finishedOf(account).get(0).reportId(), done.reportId());
        assertEquals(2, done.attempts(), "the first run stopped at /finish's 1000 and the second filed it");
        assertEquals(1, done.abandonedReportIds().size(), "the second run retracted the first run's report before submitting again");
        assertTrue(fake.retractedReportIds().contains(done.abandonedReportIds().get(0)));
    }

    @Test
    void aReportTheXsdRefusesIsHeldWithTheErrorsAndNeverSent() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        // the business's end-user id carries a control character: the model takes it, XML 1.0 cannot carry it
        UUID id = queue(account, "user\u0007bell", r -> { });
        ReportRecord held = awaitState(id, ReportState.HELD);
        assertTrue(held.hold().reason().contains("XSD"), held.hold().reason());
        assertFalse(held.hold().schemaErrors().isEmpty());
        assertFalse(held.hold().alert(), "the payload must be fixed; nobody is paged");
        assertNull(held.reportId(), "nothing was submitted");
        assertTrue(finishedOf(account).isEmpty());
        assertTrue(fake.rejections().stream().noneMatch(r -> r.toString().contains(account)), "nothing reached NCMEC");

        given().auth().oauth2(OFFICER).get(REPORTS + "/" + id).then().statusCode(200).body("state", is("HELD"))
                .body("hold.alert", is(false)).body("hold.reason", containsString("XSD"))
                .body("hold.errors.size()", is(held.hold().schemaErrors().size())).body("hold.errors[0].message", not(nullValue()));
        given().auth().oauth2(OFFICER).queryParam("state", "HELD").get(REPORTS).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.state", is("HELD"));

        // never submitted: retracted without a call to NCMEC, then final
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reason", "end-user id is corrupt; refiled by hand"))
                .post(REPORTS + "/" + id + "/retract").then().statusCode(200).body("state", is("RETRACTED"));
        assertEquals(ReportState.RETRACTED, record(id).state());
        given().auth().oauth2(OFFICER).post(REPORTS + "/" + id + "/retry").then().statusCode(409)
                .body("type", containsString("tipline-report-final"));
        assertEquals(List.of("tipline.report.held by system:tipline-reporter", "tipline.report.retracted by officer-1"), audited(id));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post(REPORTS + "/" + id + "/retract").then().statusCode(200).body("state", is("RETRACTED"));
    }

    @Test
    void aPayloadNcmecRefusesIsHeldUntilAnOfficerReleasesIt() throws Throwable {
        fake.failNext(Endpoint.SUBMIT, 1, Fault.responseCode(4100));
        String account = "acct-" + UUID.randomUUID();
        UUID id = queue(account, "", r -> { });
        ReportRecord held = awaitState(id, ReportState.HELD);
        assertTrue(held.hold().reason().contains("4100"), held.hold().reason());
        assertFalse(held.hold().alert());
        assertTrue(finishedOf(account).isEmpty());

        given().auth().oauth2(TestTokens.token("admin-1", "admin")).post(REPORTS + "/" + id + "/retry").then().statusCode(200);
        ReportRecord done = awaitState(id, ReportState.FINISHED);
        assertEquals(1, finishedOf(account).size());
        assertEquals(1, done.attempts(), "release starts the count afresh");
        assertEquals(List.of("tipline.report.held by system:tipline-reporter", "tipline.report.released by admin-1",
                "tipline.report.filed by system:tipline-reporter"), audited(id));
    }

    @Test
    void aPendingReportIsRetractedBeforeItIsFiledAndItsOpenReportRetractedAtNcmec() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        long open = client.submit(report(account)).reportId();
        // a run submitted the report and stopped there: the journal holds its id; not due yet
        UUID id = queue(account, "", r -> {
            r.state = "SUBMITTED";
            r.ncmecReportId = open;
            r.version = 1;
            r.nextAttemptAt = Instant.now().plusSeconds(3600);
        });
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of()).post(REPORTS + "/" + id + "/retract").then()
                .statusCode(400);
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reason", "a duplicate of an earlier incident"))
                .post(REPORTS + "/" + id + "/retract").then().statusCode(200).body("state", is("RETRACTED"));
        ReportRecord r = record(id);
        assertEquals(List.of(open), r.abandonedReportIds());
        assertTrue(fake.retractedReportIds().contains(open));
        given().auth().oauth2(OFFICER).get(REPORTS + "/" + id).then().statusCode(200).body("abandonedReportIds[0]", is((int) open));
    }

    @Test
    void aRestartWithAStaleReportIdRetractsItAndFilesOneReport() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        long stale = client.submit(report(account)).reportId();
        // the process died after saving /submit's id: the next dispatch finds the row SUBMITTED
        UUID id = queue(account, "", r -> {
            r.state = "SUBMITTED";
            r.ncmecReportId = stale;
            r.attempts = 1;
            r.version = 2;
        });
        ReportRecord done = awaitState(id, ReportState.FINISHED);
        assertNotEquals(stale, done.reportId());
        assertEquals(List.of(stale), done.abandonedReportIds());
        assertTrue(fake.retractedReportIds().contains(stale));
        assertEquals(1, fake.finishedReports().stream().filter(f -> f.reportId() == done.reportId()).count());
        assertTrue(fake.finishedReports().stream().noneMatch(f -> f.reportId() == stale));
    }

    @Test
    void theJournalIsACompareAndSetOnTheVersion() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        UUID id = queue(account, "", r -> r.nextAttemptAt = Instant.now().plusSeconds(3600));
        ReportRecord queued = record(id);
        assertEquals(ReportState.PENDING, queued.state());
        assertEquals(0, queued.version());

        Instant now = Instant.now();
        ReportRecord first = new ReportRecord(id.toString(), ReportState.PENDING, null, List.of(), null, null, List.of(), 1, null, now, 1);
        ReportRecord rival = new ReportRecord(id.toString(), ReportState.PENDING, null, List.of(), null, null, List.of(), 1, "rival", now, 1);
        journal.save(first);
        assertThrows(JournalConflictException.class, () -> journal.save(rival), "the second save of version 1 loses");
        ReportRecord skip = new ReportRecord(id.toString(), ReportState.PENDING, null, List.of(), null, null, List.of(), 1, null, now, 3);
        assertThrows(JournalConflictException.class, () -> journal.save(skip));

        ReportRecord held = new ReportRecord(id.toString(), ReportState.HELD, 77L,
                List.of(new io.safetyplane.cybertipline.job.FileProgress("a.png", "f1", io.safetyplane.cybertipline.job.FileProgress.State.UPLOADED)),
                null, new Hold("why", List.of(new io.safetyplane.cybertipline.SchemaError(3, 14, "bad")), true), List.of(5L, 6L), 1, "why",
                now, 2);
        journal.save(held);
        ReportRecord back = record(id);
        assertEquals(held.files(), back.files());
        assertEquals(held.hold(), back.hold());
        assertEquals(held.abandonedReportIds(), back.abandonedReportIds());
        assertEquals(77L, back.reportId());
        assertEquals(2, back.version());
        assertTrue(journal.find(UUID.randomUUID().toString()).isEmpty());
        assertTrue(journal.find("not-a-uuid").isEmpty());
    }

    @Test
    void onlyTiplineOfficersAndAdminsActAndAuditorsRead() throws Throwable {
        String reviewer = TestTokens.token("r-1", "reviewer");
        String auditor = TestTokens.token("a-1", "auditor");
        UUID id = queue("acct-" + UUID.randomUUID(), "", r -> r.nextAttemptAt = Instant.now().plusSeconds(3600));
        given().get(REPORTS).then().statusCode(401);
        given().post(REPORTS + "/" + id + "/retry").then().statusCode(401);
        given().auth().oauth2(reviewer).get(REPORTS).then().statusCode(403);
        given().auth().oauth2(reviewer).get(REPORTS + "/" + id).then().statusCode(403);
        given().auth().oauth2(reviewer).post(REPORTS + "/" + id + "/retry").then().statusCode(403);
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body(Map.of("reason", "x")).post(REPORTS + "/" + id + "/retract").then()
                .statusCode(403);
        given().auth().oauth2(auditor).get(REPORTS).then().statusCode(200);
        given().auth().oauth2(auditor).post(REPORTS + "/" + id + "/retry").then().statusCode(403);

        given().auth().oauth2(OFFICER).queryParam("state", "LOST").get(REPORTS).then().statusCode(400)
                .body("type", containsString("invalid-tipline-state"));
        given().auth().oauth2(OFFICER).queryParam("limit", 0).get(REPORTS).then().statusCode(400);
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(OFFICER).get(REPORTS + "/" + unknown).then().statusCode(404).body("type", containsString("unknown-tipline-report"));
        given().auth().oauth2(OFFICER).post(REPORTS + "/" + unknown + "/retry").then().statusCode(404)
                .body("type", containsString("unknown-tipline-report"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(Map.of("reason", "x")).post(REPORTS + "/" + unknown + "/retract")
                .then().statusCode(404);
        given().auth().oauth2(OFFICER).get(REPORTS + "/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(OFFICER).queryParam("limit", 2).get(REPORTS).then().statusCode(200).body("size()", is(2));

        // a waiting report is made due now, and the retry is audited
        given().auth().oauth2(OFFICER).post(REPORTS + "/" + id + "/retry").then().statusCode(200);
        awaitState(id, ReportState.FINISHED);
        assertTrue(audited(id).contains("tipline.report.retried by officer-1"), audited(id).toString());
        assertTrue(audited(id).contains("tipline.report.filed by system:tipline-reporter"), audited(id).toString());
    }

    /** The audit entries about report {@code id}: action by actor. */
    List<String> audited(UUID id) {
        List<String> entries = new java.util.ArrayList<>();
        pool.preparedQuery("select action, actor_id from audit_log where subject_type = 'tipline_report' and subject_id = $1 order by seq")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id.toString())).await().indefinitely()
                .forEach(r -> entries.add(r.getString(0) + " by " + r.getString(1)));
        return entries;
    }

    private static Report report(String account) {
        return new Report(IncidentType.CHILD_PORNOGRAPHY, Instant.now(), null, null, null,
                new Reporter(new ReportingPerson("Tipline", "Officer", "tipline@example.com"), null, null, null),
                List.of(new io.safetyplane.cybertipline.ReportedUser(account, null, "test", null, List.of(), List.of(), null, List.of(), null)),
                null);
    }
}

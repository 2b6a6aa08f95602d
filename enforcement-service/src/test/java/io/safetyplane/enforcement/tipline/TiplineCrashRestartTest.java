package io.safetyplane.enforcement.tipline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.cybertipline.ReportSchema;
import io.safetyplane.cybertipline.TiplineClient;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.cybertipline.fake.FinishedReport;
import io.safetyplane.cybertipline.job.Incident;
import io.safetyplane.cybertipline.job.JobResult;
import io.safetyplane.cybertipline.job.ReportJob;
import io.safetyplane.cybertipline.job.ReportJournal;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.testsupport.MediaSamples;

/**
 * Exactly once against PostgreSQL and the fake CyberTipline: a report with two files, the process killed at each of the
 * job's seven journal saves (the attempt, /submit, each /upload and /fileinfo, /finish), then restarted from what
 * PostgreSQL holds. Every time NCMEC ends up with exactly one finished report of the incident, with both files, the one
 * the journal names, and the evidence's preservation runs from its filing.
 */
@QuarkusTest
@TestProfile(TiplineProfile.class)
class TiplineCrashRestartTest {
    /** The process dies: the save throws and writes nothing. */
    static final class Killed extends RuntimeException {
        Killed(int save) {
            super("killed at save " + save, null, false, false);
        }
    }

    @Inject
    TiplineQueue queue;
    @Inject
    EvidenceVault vault;
    @Inject
    PgReportJournal journal;
    @Inject
    TiplineDispatcher dispatcher;
    @Inject
    TiplineClient client;
    @Inject
    ReportSchema schema;

    @ParameterizedTest(name = "killed at save {0}")
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7 })
    void aCrashAtAnyStepAndARestartFileOneReport(int killedAt) throws Throwable {
        FakeCyberTipline fake = FakeTiplineResource.fake();
        String account = "acct-crash-" + killedAt + "-" + UUID.randomUUID();
        UUID id = queueWithTwoFiles(account);

        ReportJob dying = new ReportJob(client, schema, killedAt(killedAt), Clock.systemUTC(), 10);
        assertThrows(Killed.class, () -> dying.run(incident(id)));

        // the restarted process: a new job over what PostgreSQL holds (a retracted or expired report may take another run)
        ReportJob restarted = new ReportJob(client, schema, journal, Clock.systemUTC(), 10);
        JobResult result = restarted.run(incident(id));
        for (int run = 0; run < 3 && result instanceof JobResult.RetryLater; run++) {
            result = restarted.run(incident(id));
        }
        JobResult.Finished finished = assertInstanceOf(JobResult.Finished.class, result, "killed at save " + killedAt + ": " + result);

        List<FinishedReport> filed = fake.finishedReports().stream().filter(r -> r.reportXml().contains(account)).toList();
        assertEquals(1, filed.size(), "exactly one report of the incident at NCMEC");
        assertEquals(2, filed.get(0).files().size(), "with both files");
        ReportRecord stored = journal.find(id.toString()).orElseThrow();
        assertEquals(ReportState.FINISHED, stored.state());
        assertEquals(filed.get(0).reportId(), stored.reportId());
        assertEquals(finished.record().reportId(), stored.reportId());
        for (long abandoned : stored.abandonedReportIds()) {
            assertTrue(fake.finishedReports().stream().noneMatch(r -> r.reportId() == abandoned), "abandoned report " + abandoned + " was never filed");
        }
        for (EvidenceEntity e : VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> vault.filesOf(id)))) {
            assertNotNull(e.reportFiledAt, "the evidence's year runs from the filing");
        }
    }

    /** The incident as the dispatcher builds it, its files read from the vault. */
    private Incident incident(UUID id) throws Throwable {
        return dispatcher.incident(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> dispatcher.facts(id))));
    }

    /** A hash-match incident with an upload and a model output, not due, so the dispatcher leaves it to this test. */
    private UUID queueWithTwoFiles(String account) throws Throwable {
        Target target = Target.of("tenant-crash", account, "");
        String violation = "viol-" + UUID.randomUUID();
        Instant at = Instant.now();
        List<Map<String, Object>> matches = List.of(Map.of("bank", "demo-csam", "entryId", "e-1", "signalType", "pdq", "distance", 4));
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> vault
                .preserve(submission(target, violation, "upload", "image/png", at, MediaSamples.bytes("sample.png"), matches))
                .flatMap(x -> vault.preserve(submission(target, violation, "output", "image/jpeg", at, MediaSamples.bytes("sample.jpg"), matches)))
                .flatMap(x -> queue.queue(new TiplineQueue.ConfirmedIncident(TiplineReportEntity.HASH_MATCH, target, violation, null, "csam", at,
                        "req-crash", "198.51.100.20", "img-gen-2", matches, "hash-service")))
                .invoke(r -> r.nextAttemptAt = Instant.now().plusSeconds(3600))
                .flatMap(r -> vault.attach(violation, r.id).replaceWith(r.id))));
    }

    private static EvidenceVault.Submission submission(Target target, String violation, String stage, String type, Instant at, byte[] bytes,
            List<Map<String, Object>> matches) {
        return new EvidenceVault.Submission(target, "req-crash", "content-" + stage, violation, "csam", type, null, stage, at,
                "198.51.100.20", "img-gen-2", false, Map.of(), matches, bytes);
    }

    /** The PostgreSQL journal of a process that is killed at its {@code n}-th save. */
    private ReportJournal killedAt(int n) {
        return new ReportJournal() {
            private int saves;

            @Override
            public Optional<ReportRecord> find(String incidentId) {
                return journal.find(incidentId);
            }

            @Override
            public void save(ReportRecord next) {
                if (++saves == n) {
                    throw new Killed(saves);
                }
                journal.save(next);
            }
        };
    }
}

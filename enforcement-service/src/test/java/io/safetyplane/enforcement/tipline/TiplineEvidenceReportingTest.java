package io.safetyplane.enforcement.tipline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.cybertipline.fake.FiledFile;
import io.safetyplane.cybertipline.fake.FinishedReport;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.MediaSamples;
import jakarta.inject.Inject;

/**
 * A report with preserved evidence: each file uploaded once with its details (hashes, the generative-AI flag for a model
 * output, not viewed by staff for a hash match), every read of the bytes audited, and the evidence's one-year
 * preservation started when the report is filed.
 */
@QuarkusTest
@TestProfile(TiplineProfile.class)
class TiplineEvidenceReportingTest {
    @Inject
    TiplineQueue queue;
    @Inject
    EvidenceVault vault;
    @Inject
    PgReportJournal journal;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    FakeCyberTipline fake;

    @BeforeEach
    void fake() {
        fake = FakeTiplineResource.fake();
    }

    @Test
    void aReportWithAnUploadAndAModelOutputFilesBothFilesOnce() throws Throwable {
        String account = "acct-" + UUID.randomUUID();
        Target target = Target.of("tenant-ev", account, "end-user-9");
        String violation = "viol-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] upload = MediaSamples.bytes("sample.png");
        byte[] output = MediaSamples.bytes("sample.jpg");
        List<Map<String, Object>> matches = List.of(Map.of("bank", "demo-csam", "entryId", "e-7", "signalType", "pdq", "distance", 2));

        UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> vault
                .preserve(submission(target, violation, "upload", "image/png", "holiday.png", at, upload, matches))
                .flatMap(x -> vault.preserve(submission(target, violation, "output", "image/jpeg", null, at, output, matches)))
                .flatMap(x -> queue.queue(new TiplineQueue.ConfirmedIncident(TiplineReportEntity.HASH_MATCH, target, violation, null, "csam", at,
                        "req-ev", "198.51.100.7", "img-gen-2", matches, "hash-service")))
                .flatMap(r -> vault.attach(violation, r.id).replaceWith(r.id))));

        KafkaEvents.await("the report filed", () -> journal.find(id.toString()).orElseThrow().state() == ReportState.FINISHED);
        ReportRecord done = journal.find(id.toString()).orElseThrow();
        List<FinishedReport> filed = fake.finishedReports().stream().filter(r -> r.reportXml().contains(account)).toList();
        assertEquals(1, filed.size());
        assertEquals(2, filed.get(0).files().size(), "both files, each once");
        FiledFile first = filed.get(0).files().get(0);
        FiledFile second = filed.get(0).files().get(1);
        assertEquals(md5(upload), first.md5());
        assertEquals(md5(output), second.md5());
        String uploadDetails = first.fileDetailsXml();
        String outputDetails = second.fileDetailsXml();
        assertNotNull(uploadDetails);
        assertTrue(uploadDetails.contains("holiday.png"), uploadDetails);
        assertTrue(uploadDetails.contains("<fileViewedByEsp>false</fileViewedByEsp>"), "a hash match: nobody looked: " + uploadDetails);
        assertTrue(uploadDetails.contains("<publiclyAvailable>false</publiclyAvailable>"), uploadDetails);
        assertTrue(uploadDetails.contains("hashType=\"MD5\"") && uploadDetails.contains("hashType=\"SHA256\""), uploadDetails);
        assertTrue(uploadDetails.contains("198.51.100.7"), uploadDetails);
        assertTrue(uploadDetails.contains("demo-csam"), "the bank match: " + uploadDetails);
        assertFalse(uploadDetails.contains("generativeAi"), uploadDetails);
        assertTrue(outputDetails.contains("generativeAi"), "a model output: " + outputDetails);
        assertEquals(2, done.files().size());

        List<EvidenceEntity> evidence = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> vault.filesOf(id)));
        assertEquals(2, evidence.size());
        for (EvidenceEntity e : evidence) {
            assertEquals(done.finishedAt().truncatedTo(ChronoUnit.MICROS), e.reportFiledAt.truncatedTo(ChronoUnit.MICROS),
                    "the one-year preservation runs from the filing");
        }
        long reads = pool.preparedQuery("select count(*) from audit_log where actor_id = 'system:tipline-reporter' and subject_id = any($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(evidence.stream().map(e -> e.id.toString()).toArray(String[]::new)))
                .await().indefinitely().iterator().next().getLong(0);
        assertTrue(reads >= 2, "every read of the bytes is audited: " + reads);

        given().auth().oauth2(TiplineReportingTest.OFFICER).get(TiplineReportingTest.REPORTS + "/" + id).then().statusCode(200)
                .body("files.size()", is(2)).body("files[0].evidenceId", not(nullValue())).body("files[0].fileId", not(nullValue()))
                .body("files[0].state", is("FILE_INFO_SENT"));
    }

    private static EvidenceVault.Submission submission(Target target, String violation, String stage, String type, String name, Instant at,
            byte[] bytes, List<Map<String, Object>> matches) {
        return new EvidenceVault.Submission(target, "req-ev", "content-" + stage, violation, "csam", type, name, stage, at, "198.51.100.7",
                "img-gen-2", false, Map.of(), matches, bytes);
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}

package io.safetyplane.cybertipline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.safetyplane.cybertipline.FileDetails;
import io.safetyplane.cybertipline.Report;
import io.safetyplane.cybertipline.Reports;
import io.safetyplane.cybertipline.SharedTipline;
import io.safetyplane.cybertipline.TiplineClient;
import io.safetyplane.cybertipline.TiplineConfig;
import io.safetyplane.cybertipline.fake.Credentials;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.cybertipline.fake.FiledFile;
import io.safetyplane.cybertipline.fake.FinishedReport;
import io.safetyplane.cybertipline.fake.SettableClock;

/** The fake NCMEC server on a settable clock, an in-memory journal, and an incident with two files. */
abstract class JobTestBase {
    static final String INCIDENT_ID = "inc-7f3a91";
    static final String UPLOAD_NAME = "upload-9f2c.png";
    static final String OUTPUT_NAME = "output-71ad.png";
    static final byte[] UPLOAD_BYTES = "bytes of the blocked upload".getBytes(StandardCharsets.UTF_8);
    static final byte[] OUTPUT_BYTES = "bytes of the confirmed model output".getBytes(StandardCharsets.UTF_8);
    private static final Credentials CREDENTIALS = new Credentials("esp", "s3cret");

    private static final Instant START = Instant.parse("2025-01-15T10:30:00Z");

    static final SettableClock clock = new SettableClock(START);
    static FakeCyberTipline fake;
    final InMemoryReportJournal journal = new InMemoryReportJournal();

    /** One fake per test class (compiling the XSD takes a while), emptied before each test. */
    @BeforeAll
    static void startFake() throws IOException {
        Path dir = SharedTipline.dir();
        fake = FakeCyberTipline.builder().xsd(dir.resolve("cyber_tipline.xsd")).responses(dir.resolve("responses"))
                .credentials(CREDENTIALS).clock(clock).start();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
        clock.set(START);
    }

    @AfterAll
    static void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    /** A new job, as a restarted process would build it: a fresh client over the given journal. */
    ReportJob job(ReportJournal journal, Duration callTimeout) {
        return new ReportJob(client(callTimeout), SharedTipline.schema(), journal, clock, 3);
    }

    static TiplineClient client(Duration callTimeout) {
        return new TiplineClient(new TiplineConfig(fake.baseUri(), CREDENTIALS.username(), CREDENTIALS.password(), callTimeout,
                Duration.ofSeconds(10)), SharedTipline.schema());
    }

    ReportJob job(ReportJournal journal) {
        return job(journal, Duration.ofSeconds(30));
    }

    ReportJob job() {
        return job(journal);
    }

    static FileFacts facts(FileDetails d) {
        return new FileFacts(d.originalFileName(), d.uploadedToEspTimestamp(), d.fileViewedByEsp(), d.exifViewedByEsp(), d.publiclyAvailable(),
                d.relevance(), d.annotations(), d.originalFileHashes(), d.ipCaptureEvent(), d.additionalInfo());
    }

    static Incident incident(Report report) {
        return new Incident(INCIDENT_ID, report, List.of(ReportFile.of(UPLOAD_NAME, UPLOAD_BYTES, facts(Reports.upload())),
                ReportFile.of(OUTPUT_NAME, OUTPUT_BYTES, facts(Reports.generated()))));
    }

    static Incident incident() {
        return incident(Reports.example());
    }

    ReportRecord record() {
        return journal.find(INCIDENT_ID).orElseThrow();
    }

    /**
     * Exactly one report is filed, with both files described, and it is the one the journal records as FINISHED;
     * every other report NCMEC saw for the incident is retracted, expired, or still open and left to expire.
     */
    FinishedReport assertFiledOnce(JobResult result) {
        JobResult.Finished finished = assertInstanceOf(JobResult.Finished.class, result);
        List<FinishedReport> filed = fake.finishedReports();
        assertEquals(1, filed.size(), "exactly one finished report: " + filed);
        FinishedReport report = filed.get(0);
        assertEquals(ReportState.FINISHED, finished.record().state());
        assertEquals(report.reportId(), finished.record().reportId());
        assertEquals(finished.record(), record());
        assertEquals(List.of(UPLOAD_NAME, OUTPUT_NAME), report.files().stream().map(FiledFile::fileName).toList());
        for (FiledFile f : report.files()) {
            assertNotNull(f.fileDetailsXml(), "no fileinfo for " + f.fileName());
            assertTrue(f.fileDetailsXml().contains(f.fileId()), "fileinfo of " + f.fileName() + " names its fileId");
        }
        for (long abandoned : finished.record().abandonedReportIds()) {
            assertTrue(fake.retractedReportIds().contains(abandoned) || fake.expiredReportIds().contains(abandoned),
                    "report " + abandoned + " the journal gave up is retracted or expired");
        }
        for (long open : fake.openReportIds()) {
            assertFalse(finished.record().abandonedReportIds().contains(open), "report " + open + " is open, unknown to the journal");
        }
        return report;
    }
}

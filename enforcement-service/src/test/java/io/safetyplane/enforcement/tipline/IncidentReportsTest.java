package io.safetyplane.enforcement.tipline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.safetyplane.cybertipline.FileAnnotation;
import io.safetyplane.cybertipline.FileDetails;
import io.safetyplane.cybertipline.FileHash;
import io.safetyplane.cybertipline.IncidentType;
import io.safetyplane.cybertipline.IpCaptureEvent;
import io.safetyplane.cybertipline.ReportSchema;
import io.safetyplane.cybertipline.ReportedUser;
import io.safetyplane.cybertipline.job.FileFacts;
import io.safetyplane.cybertipline.job.Incident;
import io.safetyplane.cybertipline.job.ReportFile;
import io.safetyplane.enforcement.config.TiplineSettings;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;

/** How a queued report and its evidence become the CyberTipline report: each field, and what the model refuses. */
class IncidentReportsTest {
    static final Instant AT = Instant.parse("2025-03-02T10:15:30Z");
    static final String MD5 = "0123456789abcdef0123456789abcdef";
    static final String SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String PDQ = "f".repeat(64);

    final IncidentReports reports = new IncidentReports(new TiplineSettings());

    static TiplineReportEntity report(String basis) {
        TiplineReportEntity r = new TiplineReportEntity();
        r.id = UUID.randomUUID();
        r.tenantId = "biz-1";
        r.accountId = "acct-1";
        r.endUserId = "end-user-7";
        r.basis = basis;
        r.violationEventId = "viol-1";
        r.category = "csam";
        r.incidentAt = AT;
        r.requestId = "req-1";
        r.clientIp = "203.0.113.5";
        r.model = "img-gen-2";
        r.matches = List.of(Map.of("bank", "ncmec-hashes", "entryId", "e-9", "signalType", "pdq", "distance", 4));
        r.confirmedBy = "hash-service";
        return r;
    }

    static EvidenceEntity evidence(String name, String stage, String pdq) {
        EvidenceEntity e = new EvidenceEntity();
        e.id = UUID.randomUUID();
        e.fileName = name;
        e.originalFileName = "upload".equals(stage) ? "holiday.png" : null;
        e.contentType = "image/png";
        e.md5 = MD5;
        e.sha256 = SHA256;
        e.pdq = pdq;
        e.stage = stage;
        e.clientIp = "203.0.113.5";
        e.model = "img-gen-2";
        e.receivedAt = AT;
        e.matches = List.of(Map.of("bank", "ncmec-hashes", "entryId", "e-9", "signalType", "pdq", "distance", 4));
        return e;
    }

    @Test
    void aHashMatchWithAnUploadAndAModelOutput() {
        TiplineReportEntity r = report(TiplineReportEntity.HASH_MATCH);
        List<EvidenceEntity> read = new ArrayList<>();
        IncidentReports.Disable disable = new IncidentReports.Disable(true, AT.plusSeconds(1), AT.plusSeconds(2));
        Incident incident = reports.incident(new IncidentReports.Facts(r, List.of(evidence("upload-1.png", "upload", PDQ),
                evidence("output-1.png", "output", null)), List.of(4564001L), disable), e -> () -> {
                    read.add(e);
                    return new byte[] { 1 };
                });

        assertEquals(r.id.toString(), incident.incidentId());
        assertEquals(IncidentType.CHILD_PORNOGRAPHY, incident.report().incidentType());
        assertEquals(AT, incident.report().incidentDateTime());
        assertEquals(IncidentReports.DATE_TIME_DESCRIPTION, incident.report().incidentDateTimeDescription());
        assertEquals("Example generative-AI API, model img-gen-2", incident.report().platform());
        assertEquals("tipline@example.com", incident.report().reporter().reportingPerson().email());
        assertEquals("https://example.com/legal", incident.report().reporter().legalUrl());
        assertTrue(incident.report().additionalInfo().contains("hash match") && incident.report().additionalInfo().contains("ncmec-hashes"),
                incident.report().additionalInfo());

        ReportedUser user = incident.report().reportedUsers().get(0);
        assertEquals("acct-1/enduser:end-user-7", user.espIdentifier());
        assertEquals(List.of(IpCaptureEvent.upload("203.0.113.5", AT)), user.ipCaptureEvents());
        assertEquals(List.of(4564001L), user.priorReports());
        assertTrue(user.disabled().permanently());
        assertTrue(user.disabled().userNotified());
        assertEquals(AT.plusSeconds(2), user.disabled().userNotifiedDate());
        assertEquals("biz-1", user.associatedAccounts().get(0).espIdentifier());

        assertEquals(List.of("upload-1.png", "output-1.png"), incident.files().stream().map(ReportFile::fileName).toList());
        assertTrue(read.isEmpty(), "the bytes are read when uploaded, not before");
        FileFacts upload = incident.files().get(0).facts();
        assertEquals("holiday.png", upload.originalFileName());
        assertEquals(AT, upload.uploadedToEspTimestamp());
        assertFalse(upload.fileViewedByEsp(), "a hash match: nobody looked");
        assertFalse(upload.exifViewedByEsp());
        assertFalse(upload.publiclyAvailable());
        assertEquals(FileDetails.Relevance.REPORTED, upload.relevance());
        assertEquals(Set.of(), upload.annotations());
        assertEquals(List.of(FileHash.Type.MD5, FileHash.Type.SHA256, FileHash.Type.PDQ),
                upload.originalFileHashes().stream().map(FileHash::type).toList());
        assertTrue(upload.additionalInfo().stream().anyMatch(s -> s.contains("ncmec-hashes") && s.contains("e-9")), upload.additionalInfo().toString());
        FileFacts output = incident.files().get(1).facts();
        assertEquals(Set.of(FileAnnotation.GENERATIVE_AI), output.annotations());
        assertEquals(2, output.originalFileHashes().size(), "no PDQ for this one");
        assertNull(output.originalFileName());
        incident.files().get(1).content().get();
        assertEquals(1, read.size());
    }

    @Test
    void aReviewersConfirmationWasViewedAndAnAccountWithoutEndUserOrIp() {
        TiplineReportEntity r = report(TiplineReportEntity.REVIEW);
        r.endUserId = "";
        r.clientIp = "";
        r.model = "";
        EvidenceEntity e = evidence("output-1.png", "output", null);
        e.clientIp = "";
        Incident incident = reports.incident(new IncidentReports.Facts(r, List.of(e), List.of(), null), x -> () -> new byte[0]);
        ReportedUser user = incident.report().reportedUsers().get(0);
        assertEquals("acct-1", user.espIdentifier());
        assertTrue(user.ipCaptureEvents().isEmpty());
        assertNull(user.disabled());
        assertEquals("Example generative-AI API", incident.report().platform());
        assertTrue(incident.files().get(0).facts().fileViewedByEsp(), "the reviewers viewed it to confirm it");
        assertNull(incident.files().get(0).facts().ipCaptureEvent());
    }

    @Test
    void whatTheModelRefusesIsAnErrorNamingTheElement() {
        EvidenceEntity e = evidence("upload-1.png", "upload", null);
        e.md5 = "not-a-hash";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> reports.incident(
                new IncidentReports.Facts(report(TiplineReportEntity.HASH_MATCH), List.of(e), List.of(), null), x -> () -> new byte[0]));
        assertTrue(refused.getMessage().contains("originalFileHash MD5"), refused.getMessage());

        TiplineSettings noReporter = new TiplineSettings();
        noReporter.email = null;
        assertThrows(IllegalArgumentException.class, () -> new IncidentReports(noReporter).incident(
                new IncidentReports.Facts(report(TiplineReportEntity.HASH_MATCH), List.of(), List.of(), null), x -> () -> new byte[0]));
    }

    @Test
    void theReportAndItsFilesPassNcmecsXsd() {
        Path xsd = Path.of("..", "..", "shared", "cybertipline", "cyber_tipline.xsd");
        if (!Files.isRegularFile(xsd) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("no CyberTipline XSD at " + xsd + " (required in CI)");
        }
        assumeTrue(Files.isRegularFile(xsd), "no CyberTipline XSD at " + xsd);
        ReportSchema schema = ReportSchema.load(xsd);
        Incident incident = reports.incident(new IncidentReports.Facts(report(TiplineReportEntity.HASH_MATCH),
                List.of(evidence("upload-1.png", "upload", PDQ), evidence("output-1.png", "output", null)), List.of(4564001L),
                new IncidentReports.Disable(false, AT, null)), x -> () -> new byte[0]);
        assertEquals(List.of(), schema.check(incident.report()).errors());
        for (ReportFile f : incident.files()) {
            assertEquals(List.of(), schema.check(f.facts().details(4564002L, "0123abcd", f.fileName())).errors());
        }
    }
}

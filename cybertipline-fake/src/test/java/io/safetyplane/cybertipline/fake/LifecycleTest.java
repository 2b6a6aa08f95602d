package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleTest extends FakeTestBase {
    private static final byte[] IMAGE = "not really a PNG, but bytes all the same".getBytes(StandardCharsets.UTF_8);

    @Test
    void statusAnswersSuccessWithARequestId() throws Exception {
        IspwsCalls.Reply reply = ispws.status().expect(0);
        assertEquals("Success", reply.text("responseDescription"));
        assertNotNull(reply.requestId());
        assertNotEquals(reply.requestId(), ispws.status().requestId());
    }

    @Test
    void xsdIsServedAsConfigured() throws Exception {
        IspwsCalls.Reply reply = ispws.xsd();
        assertEquals(200, reply.status());
        assertEquals(Files.readString(SharedCyberTipline.xsd()), reply.body());
    }

    @Test
    void theWholeWorkflowFilesOneReportWithItsFiles() throws Exception {
        IspwsCalls.Reply submit = ispws.submit(report()).expect(0);
        assertFixtureShape("submit-ok.xml", submit);
        long id = submit.reportId();

        IspwsCalls.Reply upload = ispws.upload(id, "upload-9f2c.png", IMAGE).expect(0);
        assertFixtureShape("upload-ok.xml", upload);
        assertEquals(id, upload.reportId());
        String fileId = upload.text("fileId");
        assertTrue(fileId.matches("[0-9a-f]{32}"), fileId);
        assertEquals(md5(IMAGE), upload.text("hash"));

        String details = fileDetails(id, fileId);
        IspwsCalls.Reply fileinfo = ispws.fileinfo(details).expect(0);
        assertFixtureShape("fileinfo-ok.xml", fileinfo);
        assertEquals(id, fileinfo.reportId());

        IspwsCalls.Reply finish = ispws.finish(id);
        assertEquals(200, finish.status());
        assertEquals(0, finish.code());
        assertFixtureShape("finish-ok.xml", finish);
        assertEquals(id, finish.reportId());
        assertEquals(fileId, finish.text("files"));

        List<FinishedReport> finished = fake.finishedReports();
        assertEquals(1, finished.size());
        FinishedReport filed = finished.get(0);
        assertEquals(id, filed.reportId());
        assertEquals(report(), filed.reportXml());
        assertEquals(clock.instant(), filed.finishedAt());
        assertEquals(List.of(new FiledFile(fileId, "upload-9f2c.png", IMAGE.length, md5(IMAGE), details)),
                filed.files());
        assertEquals(Set.of(), fake.openReportIds());
        assertEquals(Map.of(Endpoint.STATUS, 0, Endpoint.XSD, 0, Endpoint.SUBMIT, 1, Endpoint.UPLOAD, 1,
                Endpoint.FILEINFO, 1, Endpoint.FINISH, 1, Endpoint.RETRACT, 0), fake.callCounts());
        assertEquals(List.of(), fake.rejections());
    }

    @Test
    void aReportWithoutFilesAndOneWithTwoFinishWithTheirFileIds() throws Exception {
        long textOnly = submitted();
        IspwsCalls.Reply done = ispws.finish(textOnly);
        assertEquals(0, done.code());
        assertEquals("", done.text("files"));

        long two = submitted();
        assertNotEquals(textOnly, two);
        String first = ispws.upload(two, "a.png", IMAGE).expect(0).text("fileId");
        String second = ispws.upload(two, "b.png", new byte[] {1, 2, 3}).expect(0).text("fileId");
        assertNotEquals(first, second);
        assertEquals(first + second, ispws.finish(two).text("files"));
        FinishedReport filed = fake.finishedReports().get(1);
        assertEquals(List.of(first, second), filed.files().stream().map(FiledFile::fileId).toList());
        assertNull(filed.files().get(1).fileDetailsXml());
        assertEquals("5289df737df57326fcdd22597afb1fac", filed.files().get(1).md5());
    }

    @Test
    void everyResponseValidatesAgainstTheXsd() throws Exception {
        ReportSchema schema = new ReportSchema(SharedCyberTipline.xsd());
        long id = submitted();
        String fileId = ispws.upload(id, "a.png", IMAGE).text("fileId");
        List<IspwsCalls.Reply> replies = List.of(ispws.status(), ispws.fileinfo(fileDetails(id, fileId)),
                ispws.finish(id), ispws.finish(id), ispws.retract(id), ispws.retract(424242),
                ispws.submit("<report/>"), ispws.submit("<report"));
        for (IspwsCalls.Reply r : replies) {
            schema.validate(r.body().getBytes(StandardCharsets.UTF_8), r.root().getLocalName());
        }
        long done = fake.finishedReports().get(0).reportId();
        schema.validate(ispws.finish(done).body().getBytes(StandardCharsets.UTF_8), "reportResponse");
        IspwsCalls.Reply doneReply = ispws.finish(submitted());
        schema.validate(doneReply.body().getBytes(StandardCharsets.UTF_8), "reportDoneResponse");
    }

    @Test
    void aSecondFinishIsAlreadyFinishedInTheFixturesShape() throws Exception {
        long id = submitted();
        ispws.finish(id);
        IspwsCalls.Reply again = ispws.finish(id).expect(5102);
        assertFixtureShape("error-5102-already-finished.xml", again);
        assertEquals(id, again.reportId());
        assertEquals(5102, ispws.retract(id).expect(5102).code());
        assertEquals(1, fake.finishedReports().size());
        assertEquals(Set.of(), fake.retractedReportIds());
    }

    @Test
    void retractIsOnceAndEndsTheReport() throws Exception {
        long id = submitted();
        IspwsCalls.Reply retract = ispws.retract(id).expect(0);
        assertFixtureShape("retract-ok.xml", retract);
        assertEquals(id, retract.reportId());
        assertEquals("Report already retracted", ispws.retract(id).expect(5101).text("responseDescription"));
        assertEquals(id, ispws.finish(id).expect(5101).reportId());
        ispws.upload(id, "late.png", IMAGE).expect(5101);
        assertEquals(Set.of(id), fake.retractedReportIds());
        assertEquals(List.of(), fake.finishedReports());
    }

    @Test
    void anUnfinishedReportLivesTwentyFourHoursAfterItWasOpened() throws Exception {
        long id = submitted();
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertEquals(Set.of(id), fake.openReportIds());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Set.of(), fake.openReportIds());
        assertEquals(Set.of(id), fake.expiredReportIds());
        assertEquals(id, ispws.finish(id).expect(5001).reportId());
        ispws.retract(id).expect(5001);
        ispws.upload(id, "late.png", IMAGE).expect(5001);
    }

    @Test
    void aChangeLateInTheDayKeepsTheReportOneHourLonger() throws Exception {
        long id = submitted();
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        String fileId = ispws.upload(id, "a.png", IMAGE).expect(0).text("fileId");
        clock.advance(Duration.ofMinutes(59));
        ispws.fileinfo(fileDetails(id, fileId)).expect(0);
        clock.advance(Duration.ofMinutes(59));
        assertEquals(0, ispws.finish(id).code());
        assertEquals(1, fake.finishedReports().size());

        long idle = submitted();
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        ispws.upload(idle, "a.png", IMAGE).expect(0);
        clock.advance(Duration.ofHours(1));
        ispws.finish(idle).expect(5001);
    }

    @Test
    void aFinishedReportNeverExpires() throws Exception {
        long id = submitted();
        ispws.finish(id);
        clock.advance(Duration.ofDays(30));
        ispws.finish(id).expect(5102);
        assertEquals(1, fake.finishedReports().size());
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}

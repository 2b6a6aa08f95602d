package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidationTest extends FakeTestBase {

    @Override
    FakeCyberTipline.Builder builder() {
        return super.builder().maxBodyBytes(64 * 1024);
    }

    /** {@code example-report.xml} with the first two children of {@code <incidentSummary>} swapped. */
    private static String outOfOrderReport() {
        String report = report();
        String type = between(report, "<incidentType>", "</incidentType>");
        String platform = between(report, "<platform>", "</platform>");
        String swapped = report.replace(type, "\u0000").replace(platform, type).replace("\u0000", platform);
        assertTrue(swapped.indexOf("<platform>") < swapped.indexOf("<incidentType>"), swapped);
        return swapped;
    }

    private static String between(String s, String open, String close) {
        int start = s.indexOf(open);
        return s.substring(start, s.indexOf(close, start) + close.length());
    }

    @Test
    void swappedSiblingElementsFailValidation() throws Exception {
        IspwsCalls.Reply reply = ispws.submit(outOfOrderReport()).expect(4100);
        assertFixtureShape("error-4100-validation.xml", reply);
        assertEquals(Set.of(), fake.openReportIds());
        Rejection rejection = fake.rejections().get(0);
        assertEquals(Endpoint.SUBMIT, rejection.endpoint());
        assertEquals(4100, rejection.code());
        assertTrue(rejection.detail().contains("platform"), rejection.detail());
    }

    @Test
    void aReportWithoutARequiredElementOrWithAnUnknownOneFailsValidation() throws Exception {
        ispws.submit(report().replaceAll("(?s)<reporter>.*</reporter>", "")).expect(4100);
        ispws.submit(report().replace("<platform>", "<informational/><platform>")).expect(4100);
        ispws.submit(report().replace("2025-01-15T10:22:31Z</incidentDateTime>", "yesterday</incidentDateTime>"))
                .expect(4100);
        assertEquals(Set.of(), fake.openReportIds());
    }

    @Test
    void theWrongRootIsRefusedEvenWhenTheXsdKnowsIt() throws Exception {
        long id = submitted();
        String fileId = ispws.upload(id, "a.png", new byte[] {1}).text("fileId");
        ispws.submit(fileDetails(id, fileId)).expect(4100);
        ispws.fileinfo(report()).expect(4100);
        ispws.submit(report().replace("<report ", "<report xmlns=\"urn:other\" ")).expect(4100);
    }

    @Test
    void malformedXmlIs4110() throws Exception {
        assertEquals("Malformed XML", ispws.submit("<report><incidentSummary>").expect(4110)
                .text("responseDescription"));
        ispws.submit("").expect(4110);
        ispws.fileinfo("not xml at all").expect(4110);
    }

    @Test
    void doctypesAndExternalEntitiesAreRefusedUnread() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + report().substring(report().indexOf("<report")).replace("Example Imaging API (", "&x; (");
        ispws.submit(xxe).expect(4110);
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<report>&b;</report>";
        ispws.submit(laughs).expect(4110);
        assertEquals(Set.of(), fake.openReportIds());
    }

    @Test
    void fileinfoNeedsAnExistingReportAndOneOfItsFiles() throws Exception {
        long id = submitted();
        String fileId = ispws.upload(id, "a.png", new byte[] {1}).text("fileId");
        assertEquals(424242, ispws.fileinfo(fileDetails(424242, fileId)).expect(5001).reportId());
        long other = submitted();
        assertEquals(other, ispws.fileinfo(fileDetails(other, fileId)).expect(5002).reportId());
        ispws.fileinfo(fileDetails(id, "0".repeat(32))).expect(5002);
        ispws.fileinfo(fileDetails(id, fileId)).expect(0);
    }

    @Test
    void uploadNeedsAnExistingReportAnIdAndAFile() throws Exception {
        ispws.upload(424242, "a.png", new byte[] {1}).expect(5001);
        ispws.upload("not-a-number", "a.png", new byte[] {1}).expect(4000);
        ispws.postForm("/upload", "id=" + submitted()).expect(4000);
        IspwsCalls.Reply truncated = ispws.send(ispws.request("/upload")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1")));
        truncated.expect(4000);
        ispws.postXml("/finish", "<id>1</id>").expect(4000);
        ispws.postForm("/finish", "report=1").expect(4000);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        long id = submitted();
        IspwsCalls.Reply reply = ispws.upload(id, "big.bin", new byte[64 * 1024]);
        assertEquals(413, reply.status());
        assertEquals(4000, reply.code());
        assertEquals(List.of(), fake.finishedReports());
        ispws.upload(id, "small.bin", new byte[1024]).expect(0);
    }

    @Test
    void wrongMethodsAndPathsAreRefused() throws Exception {
        assertEquals(405, ispws.send(ispws.request("/submit").GET()).status());
        assertEquals(405, ispws.postForm("/status", "").status());
        assertEquals(404, ispws.send(ispws.request("/report").GET()).status());
        assertEquals(404, ispws.send(ispws.request("/_admin/faults").POST(HttpRequest.BodyPublishers.noBody()))
                .status());
    }
}

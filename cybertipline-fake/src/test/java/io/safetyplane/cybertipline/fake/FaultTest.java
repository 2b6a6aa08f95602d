package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultTest extends FakeTestBase {

    @Override
    FakeCyberTipline.Builder builder() {
        return super.builder().adminEndpoint(true);
    }

    @Test
    void anInjectedCodeAnswersHttp200WithThatCodeAndHasNoEffect() throws Exception {
        fake.failNext(Endpoint.SUBMIT, 2, Fault.responseCode(1000));
        IspwsCalls.Reply first = ispws.submit(report()).expect(1000);
        assertEquals("Server error", first.text("responseDescription"));
        assertFalse(first.body().contains("reportId"), first.body());
        ispws.submit(report()).expect(1000);
        assertEquals(Set.of(), fake.openReportIds());
        long id = submitted();
        assertEquals(Set.of(id), fake.openReportIds());
        assertEquals(3, fake.calls(Endpoint.SUBMIT));
        assertEquals(List.of(), fake.rejections(), "injected faults are not rejections");
    }

    @Test
    void everyCodeTheClientClassifiesCanBeInjected() throws Exception {
        long id = submitted();
        for (int code : new int[] {1000, 1100, 1110, 1111, 1300, 2000, 3000, 4000, 4100, 4110, 4200, 5001, 5002,
                5101, 5102}) {
            fake.failNext(Endpoint.FINISH, 1, Fault.responseCode(code));
            assertEquals(code, ispws.finish(id).code());
        }
        assertEquals(0, ispws.finish(id).code());
    }

    @Test
    void anInjectedHttpStatusHasNoCyberTiplineBody() throws Exception {
        long id = submitted();
        fake.failNext(Endpoint.FINISH, 1, Fault.httpStatus(503));
        IspwsCalls.Reply reply = ispws.finish(id);
        assertEquals(503, reply.status());
        assertTrue(reply.body().startsWith("fault injected"), reply.body());
        assertEquals(Set.of(id), fake.openReportIds());
        assertEquals(0, ispws.finish(id).code());
    }

    @Test
    void aDelayedAnswerTimesTheClientOutAfterTheCallTookEffect() throws Exception {
        long id = submitted();
        fake.failNext(Endpoint.FINISH, 1, Fault.delay(Duration.ofMinutes(10)));
        IspwsCalls impatient = new IspwsCalls(fake.baseUri(), CREDENTIALS).withTimeout(Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, () -> impatient.finish(id));
        assertEquals(1, fake.finishedReports().size(), "the report was filed although the client never heard so");
        ispws.retract(id).expect(5102);
    }

    @Test
    void aDroppedConnectionLeavesNoAnswerAndNoEffect() throws Exception {
        long id = submitted();
        fake.failNext(Endpoint.UPLOAD, 1, Fault.dropConnection());
        assertThrows(IOException.class, () -> ispws.upload(id, "a.png", new byte[] {1, 2}));
        ispws.upload(id, "a.png", new byte[] {1, 2}).expect(0);
        assertEquals(1, ispws.finish(id).text("files").length() / 32);
        assertEquals(2, fake.calls(Endpoint.UPLOAD));
    }

    @Test
    void expiringOpenReportsMakesThem5001AndLeavesFiledOnesAlone() throws Exception {
        long filed = submitted();
        ispws.finish(filed);
        long open = submitted();
        fake.expireOpenReports();
        assertEquals(Set.of(open), fake.expiredReportIds());
        ispws.finish(open).expect(5001);
        ispws.finish(filed).expect(5102);
        assertEquals(Set.of(), fake.openReportIds());
    }

    @Test
    void faultsQueueInOrderPerEndpoint() throws Exception {
        fake.failNext(Endpoint.STATUS, 1, Fault.responseCode(1000));
        fake.failNext(Endpoint.STATUS, 1, Fault.httpStatus(502));
        ispws.submit(report()).expect(0);
        ispws.status().expect(1000);
        assertEquals(502, ispws.status().status());
        ispws.status().expect(0);
    }

    @Test
    void theAdminEndpointInjectsFaultsAndExpiresReports() throws Exception {
        IspwsCalls.Reply queued = ispws.postForm("/_admin/faults", "endpoint=submit&times=2&code=1100");
        assertEquals(200, queued.status(), queued.body());
        ispws.submit(report()).expect(1100);
        ispws.submit(report()).expect(1100);
        long id = submitted();

        assertEquals(200, ispws.postForm("/_admin/faults", "endpoint=finish&http=502").status());
        assertEquals(502, ispws.finish(id).status());
        assertEquals(200, ispws.postForm("/_admin/faults", "endpoint=finish&drop=true").status());
        assertThrows(IOException.class, () -> ispws.finish(id));
        assertEquals(200, ispws.postForm("/_admin/faults", "endpoint=finish&delayMs=600000").status());
        IspwsCalls impatient = new IspwsCalls(fake.baseUri(), CREDENTIALS).withTimeout(Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, () -> impatient.finish(id));

        long open = submitted();
        assertEquals(200, ispws.postForm("/_admin/faults", "expire=open").status());
        ispws.finish(open).expect(5001);
        assertEquals(200, ispws.postForm("/_admin/faults", "reset=true").status());
        assertEquals(List.of(), fake.finishedReports());
    }

    @Test
    void theAdminEndpointExplainsBadInputAndNeedsCredentials() throws Exception {
        assertEquals(400, ispws.postForm("/_admin/faults", "endpoint=upload").status());
        assertEquals(400, ispws.postForm("/_admin/faults", "endpoint=upload&code=1000&http=503").status());
        IspwsCalls.Reply unknown = ispws.postForm("/_admin/faults", "endpoint=report&code=1000");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("unknown endpoint"), unknown.body());
        assertEquals(400, ispws.postForm("/_admin/faults", "endpoint=finish&code=0").status());
        assertEquals(400, ispws.postForm("/_admin/faults", "endpoint=finish&http=200").status());
        assertEquals(400, ispws.postForm("/_admin/faults", "endpoint=finish&times=0&code=1000").status());
        assertEquals(400, ispws.postForm("/_admin/faults", "expire=all").status());
        assertEquals(401, new IspwsCalls(fake.baseUri(), null).postForm("/_admin/faults", "expire=open").status());
        ispws.status().expect(0);
    }

    @Test
    void closingReleasesHeldAnswers() throws Exception {
        fake.failNext(Endpoint.STATUS, 1, Fault.delay(Duration.ofHours(1)));
        IspwsCalls impatient = new IspwsCalls(fake.baseUri(), CREDENTIALS).withTimeout(Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, impatient::status);
        fake.close();
    }
}

package io.safetyplane.enforcement.evidence;

import static io.safetyplane.enforcement.evidence.EvidenceTesting.count;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.column;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.match;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.png;
import static io.safetyplane.enforcement.evidence.EvidenceTesting.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.EvidenceGrpc;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.testsupport.GrpcTesting;
import jakarta.inject.Inject;

/** gRPC Evidence.Preserve: sealed storage, idempotent retries, clear refusals, and the report a reporting bank's match queues. */
@QuarkusTest
class EvidencePreserveTest {
    /** enforcement-service.evidence.max-bytes in tests (2M; gRPC messages up to 2 MiB + 128 KiB). */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    @TestHTTPResource
    URL url;
    @Inject
    EvidenceVault vault;

    private ManagedChannel channel;
    private EvidenceGrpc.EvidenceBlockingStub evidence;

    @BeforeEach
    void connect() {
        channel = EvidenceTesting.channel(url);
        evidence = EvidenceTesting.stub(channel);
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    @Test
    void theBytesAreStoredSealedAndOpenBackForAnAuditedReader() throws Throwable {
        byte[] image = png(64, 48);
        PreserveResponse r = evidence.preserve(request(image).build());

        assertFalse(r.getAlreadyPreserved());
        assertEquals("", r.getTiplineReportId());
        UUID id = UUID.fromString(r.getEvidenceId());
        byte[] stored = (byte[]) column("select ciphertext from evidence where id = ?", id).get(0);
        assertEquals(image.length + 16, stored.length, "AES-GCM: the bytes and a 16-byte tag");
        assertFalse(Arrays.equals(image, Arrays.copyOf(stored, image.length)), "the ciphertext is not the plaintext");
        assertFalse(indexOf(stored, Arrays.copyOf(image, 8)) >= 0, "not even the PNG signature is stored in the clear");
        assertEquals("test", column("select kek_id from evidence where id = ?", id).get(0));
        String sha256 = EvidenceTesting.hex("SHA-256", image);
        assertEquals("upload-" + sha256.substring(0, 16) + ".png", column("select file_name from evidence where id = ?", id).get(0));
        assertEquals(EvidenceTesting.hex("MD5", image), column("select md5 from evidence where id = ?", id).get(0));
        assertNull(column("select purge_after from evidence where id = ?", id).get(0), "held until the report is filed");
        assertEquals(1, EvidenceTesting.audited("evidence.preserved", id.toString(), "system:gate"));

        AuditEntry.Actor reader = AuditEntry.Actor.user("officer-in-test", "tipline-officer");
        byte[] opened = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> vault.get(id)
                .flatMap(e -> vault.open(e, reader, "checking the test"))));
        assertArrayEquals(image, opened);
        assertEquals(1, EvidenceTesting.audited("evidence.read", id.toString(), "officer-in-test"));
    }

    @Test
    void aRetryReturnsTheSameEvidence() {
        PreserveRequest req = request(png(32, 32)).build();
        PreserveResponse first = evidence.preserve(req);
        PreserveResponse again = evidence.preserve(req);

        assertFalse(first.getAlreadyPreserved());
        assertTrue(again.getAlreadyPreserved());
        assertEquals(first.getEvidenceId(), again.getEvidenceId());
        assertEquals(1, count("select count(*) from evidence where violation_event_id = ?", req.getViolationEventId()));
    }

    @Test
    void aMatchInAReportingBankQueuesExactlyOneReportLinkedToTheEvidence() {
        PreserveRequest req = request(png(40, 30)).addMatches(match("block_and_report")).build();
        PreserveResponse first = evidence.preserve(req);
        PreserveResponse again = evidence.preserve(req);

        assertFalse(first.getTiplineReportId().isEmpty());
        assertEquals(first.getTiplineReportId(), again.getTiplineReportId());
        UUID report = UUID.fromString(first.getTiplineReportId());
        assertEquals(1, count("select count(*) from tipline_reports where violation_event_id = ?", req.getViolationEventId()));
        assertEquals(List.of(report), column("select id from tipline_reports where violation_event_id = ?", req.getViolationEventId()));
        assertEquals(report, column("select tipline_report_id from evidence where id = ?", UUID.fromString(first.getEvidenceId())).get(0));
        assertEquals("hash-match", column("select basis from tipline_reports where id = ?", report).get(0));
        assertEquals("PENDING", column("select state from tipline_reports where id = ?", report).get(0));
        assertEquals(1, EvidenceTesting.audited("evidence.preserved", first.getEvidenceId(), "system:hash-service"));

        // a second file of the same violation joins the same report
        byte[] other = png(40, 30);
        PreserveResponse second = evidence.preserve(req.toBuilder().setData(ByteString.copyFrom(other)).clearHashes().build());
        assertEquals(first.getTiplineReportId(), second.getTiplineReportId());
        assertEquals(1, count("select count(*) from tipline_reports where violation_event_id = ?", req.getViolationEventId()));
        assertEquals(2, count("select count(*) from evidence where tipline_report_id = ?", report));
    }

    @Test
    void aReviewMatchQueuesNoReport() {
        PreserveRequest req = request(png(40, 30)).addMatches(match("review")).build();
        PreserveResponse r = evidence.preserve(req);

        assertEquals("", r.getTiplineReportId());
        assertEquals(0, count("select count(*) from tipline_reports where violation_event_id = ?", req.getViolationEventId()));
        assertNull(column("select tipline_report_id from evidence where id = ?", UUID.fromString(r.getEvidenceId())).get(0));
    }

    @Test
    void eachMissingOrWrongFieldIsRefusedWithTheReason() {
        byte[] image = png(16, 16);
        PreserveRequest ok = request(image).build();
        RequestContext ctx = ok.getContext();
        invalid("evidence-invalid", "data", ok.toBuilder().clearData().build());
        invalid("evidence-invalid", "tenant_id", ok.toBuilder().setContext(ctx.toBuilder().clearTenantId()).build());
        invalid("evidence-invalid", "account_id", ok.toBuilder().setContext(ctx.toBuilder().clearAccountId()).build());
        invalid("evidence-invalid", "violation_event_id", ok.toBuilder().clearViolationEventId().build());
        invalid("evidence-invalid", "content_type", ok.toBuilder().clearContentType().build());
        invalid("evidence-invalid", "content_type", ok.toBuilder().setContentType("png").build());
        invalid("evidence-invalid", "stage", ok.toBuilder().setStage(ContentStage.CONTENT_STAGE_PROMPT).build());
        invalid("evidence-invalid", "received_at_millis", ok.toBuilder().setReceivedAtMillis(-5).build());
        invalid("evidence-invalid", "action", ok.toBuilder().addMatches(match("report-it")).build());
        invalid("evidence-invalid", "hashes.pdq", ok.toBuilder().addHashes(hash("pdq", "abc")).build());
        invalid("evidence-invalid", "hashes.md5", ok.toBuilder().clearHashes().addHashes(hash("md5", "not-hex")).build());
        invalid("evidence-hash-mismatch", "md5", ok.toBuilder().clearHashes().addHashes(hash("md5", "0".repeat(32))).build());
        invalid("evidence-hash-mismatch", "sha256", ok.toBuilder().clearHashes().addHashes(hash("sha256", "a".repeat(64))).build());
        assertEquals(0, count("select count(*) from evidence where violation_event_id = ?", ok.getViolationEventId()), "nothing stored");

        // a well-formed PDQ, and upper-case hex of the right digests, are accepted
        PreserveResponse r = evidence.preserve(ok.toBuilder().clearHashes()
                .addHashes(hash("md5", EvidenceTesting.hex("MD5", image).toUpperCase()))
                .addHashes(hash("pdq", "F".repeat(64))).build());
        assertEquals("f".repeat(64), column("select pdq from evidence where id = ?", UUID.fromString(r.getEvidenceId())).get(0));
    }

    @Test
    void theLimitIsMaxBytes() {
        byte[] atLimit = new byte[MAX_BYTES];
        new java.util.Random().nextBytes(atLimit);
        PreserveResponse r = evidence.preserve(request(atLimit).clearHashes().setContentType("application/octet-stream").build());
        assertEquals((long) MAX_BYTES, ((Number) column("select size_bytes from evidence where id = ?",
                UUID.fromString(r.getEvidenceId())).get(0)).longValue());
        assertTrue(((String) column("select file_name from evidence where id = ?", UUID.fromString(r.getEvidenceId())).get(0))
                .endsWith(".bin"));

        PreserveRequest over = request(new byte[MAX_BYTES + 1]).clearHashes().build();
        GrpcTesting.expect(Status.Code.RESOURCE_EXHAUSTED, "evidence-too-large", () -> evidence.preserve(over));
        assertEquals(0, count("select count(*) from evidence where violation_event_id = ?", over.getViolationEventId()));

        // past the gRPC message limit, the server refuses before reading it
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> evidence.preserve(request(new byte[MAX_BYTES + 1024 * 1024]).clearHashes().build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    }

    private void invalid(String type, String field, PreserveRequest request) {
        StatusRuntimeException e = GrpcTesting.expect(Status.Code.INVALID_ARGUMENT, type, () -> evidence.preserve(request));
        assertTrue(e.getStatus().getDescription().contains(field), e.getStatus().getDescription());
        assertNotEquals(null, e.getStatus().getDescription());
    }

    private static ContentHash hash(String type, String value) {
        return ContentHash.newBuilder().setType(type).setValue(value).build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

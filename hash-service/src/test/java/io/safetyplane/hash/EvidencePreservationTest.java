package io.safetyplane.hash;

import static io.restassured.RestAssured.given;
import static io.safetyplane.hash.BankAdminApiTest.admin;
import static io.safetyplane.hash.BankAdminApiTest.createBank;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.BankMatch;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.contracts.hash.v1.HashMatcherGrpc;
import io.safetyplane.contracts.hash.v1.MatchAction;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.contracts.hash.v1.Media;
import io.safetyplane.contracts.hash.v1.Signal;
import io.safetyplane.contracts.hash.v1.Signals;
import jakarta.inject.Inject;

/** Media matching a reporting bank is handed to the evidence vault (here {@link FakeEvidenceVault}) before the answer. */
@QuarkusTest
class EvidencePreservationTest {
    @TestHTTPResource
    URL url;

    @Inject
    MeterRegistry registry;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aRestMediaMatchInAReportingBankPreservesExactlyTheUploadedBytesWithItsContext() throws Exception {
        byte[] image = TestImages.png(7101);
        JsonPath hashes = MediaMatchTest.compute(image, "image/png");
        String md5 = hashes.getString("signals[1].value");
        bankWith("vault-rest", "block_and_report", md5, "ncmec-7101");
        String requestId = unique("vault-rest");

        long before = System.currentTimeMillis();
        List<String> named = given().multiPart("media", "upload.bin", image, "application/octet-stream")
                .multiPart("context", Map.of("requestId", requestId, "tenantId", "acme", "accountId", "acct-7101",
                        "endUserId", "acme-user-7101", "clientIp", "203.0.113.71", "model", "image-gen-3"), "application/json")
                .multiPart("contentId", "upload-7101")
                .post("/v1/hashes:match").then().statusCode(200)
                .body("action", is("block_and_report")).body("matches[0].bank", is("vault-rest"))
                .extract().jsonPath().getList("violationEventIds");
        long after = System.currentTimeMillis();

        List<PreserveRequest> received = FakeEvidenceVault.received(requestId);
        assertEquals(1, received.size(), "one category matched: one file preserved");
        PreserveRequest p = received.get(0);
        assertArrayEquals(image, p.getData().toByteArray(), "exactly the uploaded bytes");
        assertEquals("image/png", p.getContentType(), "the format the media module found, not the declared type");
        assertEquals("acme", p.getContext().getTenantId());
        assertEquals("acct-7101", p.getContext().getAccountId());
        assertEquals("acme-user-7101", p.getContext().getEndUserId());
        assertEquals("203.0.113.71", p.getContext().getClientIp());
        assertEquals("image-gen-3", p.getContext().getModel());
        assertEquals("upload-7101", p.getContentId());
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, p.getStage(), "upload is the default stage");
        assertTrue(p.getReceivedAtMillis() >= before && p.getReceivedAtMillis() <= after, "received while the request ran");
        assertEquals("csam", p.getCategory());
        assertEquals(List.of("pdq", "md5", "sha256"), p.getHashesList().stream().map(ContentHash::getType).toList());
        assertEquals(List.of(hashes.getString("signals[0].value"), md5, hashes.getString("signals[2].value")),
                p.getHashesList().stream().map(ContentHash::getValue).toList());
        assertEquals(List.of(BankMatch.newBuilder().setBank("vault-rest").setEntryId("md5:" + md5).setExternalId("ncmec-7101")
                .setSignalType("md5").setDistance(0).setAction("block_and_report").build()), p.getMatchesList());

        Violation violation = violationOf(requestId);
        assertEquals(violation.getEventId(), p.getViolationEventId(), "the evidence names the violation published for it");
        assertEquals(List.of(violation.getEventId()), named, "the answer names it too");
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, violation.getStage());
        assertEquals(1, FakeEvidenceVault.storedFor(p.getViolationEventId()).size());
        admin().delete("/v1/banks/vault-rest").then().statusCode(204);
    }

    @Test
    void theStageOfAGeneratedOutputIsCarriedIntoTheViolationAndTheEvidence() throws Exception {
        byte[] image = TestImages.png(7102);
        String md5 = md5(image);
        bankWith("vault-output", "block_and_report", md5, null);
        String rest = unique("vault-output-rest");
        given().multiPart("media", "out.png", image, "image/png")
                .multiPart("context", context(rest), "application/json")
                .multiPart("stage", "OUTPUT")
                .post("/v1/hashes:match").then().statusCode(200).body("action", is("block_and_report"));
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, only(FakeEvidenceVault.received(rest)).getStage());
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, violationOf(rest).getStage());

        String grpc = unique("vault-output-grpc");
        MatchResponse r = stub().match(media(grpc, image, "image/png").toBuilder().setStage(ContentStage.CONTENT_STAGE_OUTPUT)
                .setContentId("output-7102").build());
        assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, r.getAction());
        PreserveRequest p = only(FakeEvidenceVault.received(grpc));
        assertEquals(ContentStage.CONTENT_STAGE_OUTPUT, p.getStage());
        assertEquals("output-7102", p.getContentId());
        admin().delete("/v1/banks/vault-output").then().statusCode(204);
    }

    @Test
    void aBadStageIsRefusedWithAClearError() {
        for (String stage : List.of("prompt", "banana")) {
            given().multiPart("media", "x.png", TestImages.png(7103), "image/png").multiPart("stage", stage)
                    .post("/v1/hashes:match").then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("type", is("urn:safety-plane:problem:invalid-stage"))
                    .body("detail", containsString(stage));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("stage", "later", "signals", List.of(Map.of("type", "md5", "value", md5(TestImages.png(7103))))))
                .post("/v1/hashes:match").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:invalid-stage"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().match(
                media(unique("vault-stage"), TestImages.png(7103), "image/png").toBuilder()
                        .setStage(ContentStage.CONTENT_STAGE_PROMPT).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("invalid-stage: "), e.getStatus().getDescription());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> stub().match(
                media(unique("vault-stage"), TestImages.png(7103), "image/png").toBuilder().setStageValue(42).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, unknown.getStatus().getCode());
    }

    @Test
    void aGrpcMatchAndEachBatchItemPreserveTheirMedia() throws Exception {
        byte[] image = TestImages.png(7104);
        String md5 = md5(image);
        bankWith("vault-grpc", "block_and_report", md5, "ext-7104");
        String single = unique("vault-grpc");
        MatchResponse r = stub().match(media(single, image, "image/png"));
        assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, r.getAction());
        PreserveRequest p = only(FakeEvidenceVault.received(single));
        assertArrayEquals(image, p.getData().toByteArray());
        assertEquals("image/png", p.getContentType());
        assertEquals(ContentStage.CONTENT_STAGE_UPLOAD, p.getStage(), "an unset stage is an upload");
        assertEquals("ext-7104", p.getMatches(0).getExternalId());
        assertEquals(violationOf(single).getEventId(), p.getViolationEventId());

        String first = unique("vault-batch");
        String second = unique("vault-batch");
        List<MatchResponse> answers = batch(List.of(media(first, image, "image/png"), media(second, image, "")));
        assertEquals(2, answers.size());
        answers.forEach(a -> assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, a.getAction()));
        assertArrayEquals(image, only(FakeEvidenceVault.received(first)).getData().toByteArray());
        assertEquals("image/png", only(FakeEvidenceVault.received(second)).getContentType(), "found without a declared type");
        admin().delete("/v1/banks/vault-grpc").then().statusCode(204);
    }

    @Test
    void blockAndReviewMatchesAndSignalsOnlyMatchesPreserveNothing() throws Exception {
        byte[] blocked = TestImages.png(7105);
        byte[] reviewed = TestImages.png(7106);
        byte[] reported = TestImages.png(7107);
        bankWith("vault-block", "block", md5(blocked), null);
        bankWith("vault-review", "review", md5(reviewed), null);
        bankWith("vault-signals", "block_and_report", md5(reported), null);

        String block = unique("vault-block");
        given().multiPart("media", "b.png", blocked, "image/png").multiPart("context", context(block), "application/json")
                .post("/v1/hashes:match").then().statusCode(200).body("action", is("block"));
        String review = unique("vault-review");
        assertEquals(MatchAction.MATCH_ACTION_REVIEW, stub().match(media(review, reviewed, "image/png")).getAction());

        String restSignals = unique("vault-signals-rest");
        given().contentType(ContentType.JSON)
                .body(Map.of("context", context(restSignals), "signals", List.of(Map.of("type", "md5", "value", md5(reported)))))
                .post("/v1/hashes:match").then().statusCode(200).body("action", is("block_and_report"));
        String grpcSignals = unique("vault-signals-grpc");
        MatchResponse bySignals = stub().match(MatchRequest.newBuilder().setContext(grpcContext(grpcSignals))
                .setSignals(Signals.newBuilder().addSignals(Signal.newBuilder().setType("sha256")
                        .setValue(FakeEvidenceVault.digest("SHA-256", reported))))
                .build());
        assertEquals(MatchAction.MATCH_ACTION_UNSPECIFIED, bySignals.getAction(), "the bank holds the md5 only");
        MatchResponse byMd5 = stub().match(MatchRequest.newBuilder().setContext(grpcContext(grpcSignals))
                .setSignals(Signals.newBuilder().addSignals(Signal.newBuilder().setType("md5").setValue(md5(reported))))
                .build());
        assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, byMd5.getAction());

        for (String id : List.of(block, review, restSignals, grpcSignals)) {
            assertEquals(List.of(), FakeEvidenceVault.received(id), id + " preserved nothing");
        }
        assertEquals(restSignals, violationOf(restSignals).getContext().getRequestId(), "the violation is still published");
        for (String bank : List.of("vault-block", "vault-review", "vault-signals")) {
            admin().delete("/v1/banks/" + bank).then().statusCode(204);
        }
    }

    @Test
    void aVaultThatCannotBeReachedFailsTheRequestClosedAndTheRetryPreservesOnce() throws Exception {
        byte[] image = TestImages.png(7108);
        bankWith("vault-down", "block_and_report", md5(image), null);
        double before = failures("unavailable", "UNAVAILABLE");

        String rest = unique("vault-down-rest");
        FakeEvidenceVault.failFor(rest, Status.UNAVAILABLE);
        try {
            given().multiPart("media", "u.png", image, "image/png").multiPart("context", context(rest), "application/json")
                    .post("/v1/hashes:match").then().statusCode(503)
                    .contentType(containsString("application/problem+json"))
                    .header("Retry-After", notNullValue())
                    .body("type", is("urn:safety-plane:problem:evidence-not-preserved"))
                    .body("detail", containsString("UNAVAILABLE"));
        } finally {
            FakeEvidenceVault.recover(rest);
        }
        assertEquals(before + 1, failures("unavailable", "UNAVAILABLE"));
        given().multiPart("media", "u.png", image, "image/png").multiPart("context", context(rest), "application/json")
                .post("/v1/hashes:match").then().statusCode(200).body("action", is("block_and_report"));
        List<PreserveRequest> attempts = FakeEvidenceVault.received(rest);
        assertEquals(2, attempts.size());
        String violationId = attempts.get(0).getViolationEventId();
        assertEquals(violationId, attempts.get(1).getViolationEventId(), "the retry names the same violation");
        assertEquals(violationOf(rest).getEventId(), violationId);
        assertEquals(1, FakeEvidenceVault.storedFor(violationId).size());

        String grpc = unique("vault-down-grpc");
        FakeEvidenceVault.failFor(grpc, Status.UNAVAILABLE);
        String healthy = unique("vault-down-batch");
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().match(media(grpc, image, "image/png")));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith("evidence-not-preserved: "), e.getStatus().getDescription());

            List<MatchResponse> answers = batch(List.of(media(grpc, image, "image/png"), media(healthy, image, "image/png")));
            assertEquals(2, answers.size(), "a failed item does not end the stream");
            assertEquals("evidence-not-preserved", answers.get(0).getError().getType());
            assertEquals(0, answers.get(0).getMatchesCount(), "no answer but the error");
            assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, answers.get(1).getAction());
        } finally {
            FakeEvidenceVault.recover(grpc);
        }
        assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, stub().match(media(grpc, image, "image/png")).getAction());
        List<PreserveRequest> grpcAttempts = FakeEvidenceVault.received(grpc);
        assertEquals(3, grpcAttempts.size());
        assertEquals(1, grpcAttempts.stream().map(PreserveRequest::getViolationEventId).distinct().count());
        assertEquals(1, FakeEvidenceVault.storedFor(grpcAttempts.get(0).getViolationEventId()).size());
        admin().delete("/v1/banks/vault-down").then().statusCode(204);
    }

    @Test
    void aVaultThatDoesNotAnswerWithinTheDeadlineFailsTheRequestClosed() {
        byte[] image = TestImages.png(7110);
        bankWith("vault-slow", "block_and_report", md5(image), null);
        double before = failures("unavailable", "DEADLINE_EXCEEDED");
        String slow = unique("vault-slow");
        // the test profile's deadline is 3 s (hash-service.evidence.deadline)
        FakeEvidenceVault.delayFor(slow, 6_000);
        try {
            given().multiPart("media", "s.png", image, "image/png").multiPart("context", context(slow), "application/json")
                    .post("/v1/hashes:match").then().statusCode(503)
                    .body("type", is("urn:safety-plane:problem:evidence-not-preserved"))
                    .body("detail", containsString("DEADLINE_EXCEEDED"));
        } finally {
            FakeEvidenceVault.recover(slow);
        }
        assertEquals(before + 1, failures("unavailable", "DEADLINE_EXCEEDED"));
        admin().delete("/v1/banks/vault-slow").then().statusCode(204);
    }

    @Test
    void aRefusalByTheVaultIsCountedAndTheMatchIsStillAnswered() throws Exception {
        byte[] image = TestImages.png(7109);
        bankWith("vault-refuse", "block_and_report", md5(image), null);
        double invalid = failures("refused", "INVALID_ARGUMENT");
        double exhausted = failures("refused", "RESOURCE_EXHAUSTED");

        // the vault refuses evidence without a tenant and an account
        String anonymous = unique("vault-refuse-rest");
        given().multiPart("media", "r.png", image, "image/png")
                .multiPart("context", Map.of("requestId", anonymous), "application/json")
                .post("/v1/hashes:match").then().statusCode(200).body("action", is("block_and_report"));
        assertEquals(invalid + 1, failures("refused", "INVALID_ARGUMENT"));
        PreserveRequest refused = only(FakeEvidenceVault.received(anonymous));
        assertEquals(List.of(), FakeEvidenceVault.storedFor(refused.getViolationEventId()));
        assertEquals(refused.getViolationEventId(), violationOf(anonymous).getEventId(), "the violation is recorded");

        String tooLarge = unique("vault-refuse-grpc");
        FakeEvidenceVault.failFor(tooLarge, Status.RESOURCE_EXHAUSTED);
        try {
            assertEquals(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT, stub().match(media(tooLarge, image, "image/png")).getAction());
        } finally {
            FakeEvidenceVault.recover(tooLarge);
        }
        assertEquals(exhausted + 1, failures("refused", "RESOURCE_EXHAUSTED"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("hash_evidence_preserve_failures_total{code=\"INVALID_ARGUMENT\",outcome=\"refused\""));
        admin().delete("/v1/banks/vault-refuse").then().statusCode(204);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void bankWith(String bank, String action, String md5, String externalId) {
        createBank(bank, action);
        Map<String, String> entry = externalId == null ? Map.of("signalType", "md5", "hash", md5)
                : Map.of("signalType", "md5", "hash", md5, "externalId", externalId);
        admin().contentType(ContentType.JSON).body(Map.of("entries", List.of(entry)))
                .post("/v1/banks/" + bank + "/entries").then().statusCode(200);
    }

    private double failures(String outcome, String code) {
        Counter c = registry.find("hash_evidence_preserve_failures").tag("outcome", outcome).tag("code", code).counter();
        return c == null ? 0 : c.count();
    }

    private HashMatcherGrpc.HashMatcherBlockingStub stub() {
        return HashMatcherGrpc.newBlockingStub(channel);
    }

    private List<MatchResponse> batch(List<MatchRequest> items) throws InterruptedException {
        List<MatchResponse> responses = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] error = { null };
        StreamObserver<MatchRequest> requests = HashMatcherGrpc.newStub(channel).matchBatch(new StreamObserver<>() {
            public void onNext(MatchResponse r) {
                synchronized (responses) {
                    responses.add(r);
                }
            }

            public void onError(Throwable t) {
                error[0] = t;
                done.countDown();
            }

            public void onCompleted() {
                done.countDown();
            }
        });
        items.forEach(requests::onNext);
        requests.onCompleted();
        assertTrue(done.await(60, TimeUnit.SECONDS), "the stream ended");
        if (error[0] != null) {
            fail("the stream failed", error[0]);
        }
        synchronized (responses) {
            return List.copyOf(responses);
        }
    }

    private static MatchRequest media(String requestId, byte[] bytes, String contentType) {
        return MatchRequest.newBuilder().setContext(grpcContext(requestId))
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(bytes)).setContentType(contentType)).build();
    }

    private static RequestContext grpcContext(String requestId) {
        return RequestContext.newBuilder().setRequestId(requestId).setTenantId("acme").setAccountId("acct-vault").build();
    }

    private static Map<String, String> context(String requestId) {
        return Map.of("requestId", requestId, "tenantId", "acme", "accountId", "acct-vault");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String md5(byte[] bytes) {
        return FakeEvidenceVault.digest("MD5", bytes);
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), "exactly one: " + list);
        return list.get(0);
    }

    private static Violation violationOf(String requestId) throws Exception {
        return ViolationTopic.violationOf(requestId);
    }
}

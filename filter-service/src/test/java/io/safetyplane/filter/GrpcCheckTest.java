package io.safetyplane.filter;

import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.safetyplane.testsupport.GrpcTesting.errorInfo;
import static io.safetyplane.testsupport.GrpcTesting.expect;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.filter.v1.CheckRequest;
import io.safetyplane.contracts.filter.v1.CheckResponse;
import io.safetyplane.contracts.filter.v1.Finding;
import io.safetyplane.contracts.filter.v1.Hit;
import io.safetyplane.contracts.filter.v1.PromptFilterGrpc;
import io.safetyplane.testsupport.GrpcTesting;

@QuarkusTest
class GrpcCheckTest {
    @TestHTTPResource
    URL url;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static CheckRequest request(String tenant, String itemId, String prompt) {
        return CheckRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("grpc-" + itemId).setTenantId(tenant).setAccountId("acct-g"))
                .setItemId(itemId).setPrompt(prompt).build();
    }

    @Test
    void checkAllowsAndBlocksWithTheSameVerdictAsRest() {
        var stub = PromptFilterGrpc.newBlockingStub(channel);
        CheckResponse allowed = stub.check(request("self-serve", "g1", BENIGN));
        assertEquals(Action.ACTION_ALLOW, allowed.getDecision());
        assertEquals("g1", allowed.getItemId());
        assertEquals(0, allowed.getCategoriesCount());
        assertFalse(allowed.getPolicyVersion().isEmpty());
        assertFalse(allowed.getDecisionEventId().isEmpty());
        assertTrue(allowed.getViolationEventId().isEmpty());

        CheckResponse blocked = stub.check(request("self-serve", "g2", CSAM));
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, blocked.getDecision());
        assertEquals("csam", blocked.getCategories(0).getCategory());
        assertEquals(Severity.SEVERITY_CRITICAL, blocked.getCategories(0).getSeverity());
        assertTrue(blocked.getCategories(0).getHazardsList().contains("S4"));
        assertFalse(blocked.getViolationEventId().isEmpty());
        Finding csam = blocked.getFindingsList().stream().filter(f -> f.getCategory().equals("csam")).findFirst().orElseThrow();
        for (Hit h : csam.getHitsList()) {
            assertEquals(CSAM.substring(h.getSpan().getStart(), h.getSpan().getEnd()), h.getSpan().getText());
        }
        String restRule = Api.check("self-serve", "grpc-vs-rest", CSAM).statusCode(200).extract()
                .path("findings.find { it.category == 'csam' }.rule");
        assertEquals(restRule, csam.getRule());

        // raw UTF-8 bytes are decoded strictly
        CheckResponse fromBytes = stub.check(CheckRequest.newBuilder(request("self-serve", "g3", ""))
                .setPromptUtf8(ByteString.copyFromUtf8(BENIGN)).build());
        assertEquals(Action.ACTION_ALLOW, fromBytes.getDecision());
    }

    @Test
    void errorsAreStatusesWithTheProblemTypeAndAReason() {
        var stub = PromptFilterGrpc.newBlockingStub(channel);
        expect(Status.Code.NOT_FOUND, "unknown-tenant", () -> stub.check(request("nobody-knows-me", "e1", BENIGN)));
        expect(Status.Code.INVALID_ARGUMENT, "invalid-context", () -> stub.check(request("", "e2", BENIGN)));
        expect(Status.Code.INVALID_ARGUMENT, "empty-prompt", () -> stub.check(request("self-serve", "e3", "")));
        expect(Status.Code.INVALID_ARGUMENT, "missing-prompt", () -> stub.check(CheckRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setTenantId("self-serve")).build()));
        StatusRuntimeException tooLong = expect(Status.Code.RESOURCE_EXHAUSTED, "prompt-too-long",
                () -> stub.check(request("self-serve", "e4", "a".repeat(100_000))));
        assertEquals("PROMPT_TOO_LONG", errorInfo(tooLong).getReason());
        expect(Status.Code.INVALID_ARGUMENT, "invalid-utf8", () -> stub.check(CheckRequest.newBuilder(request("self-serve", "e5", ""))
                .setPromptUtf8(ByteString.copyFrom(new byte[] { 'h', 'i', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80 })).build()));
        StatusRuntimeException control = expect(Status.Code.INVALID_ARGUMENT, "invalid-prompt",
                () -> stub.check(request("self-serve", "e6", "ring the \u0007 bell")));
        assertEquals("control_character", errorInfo(control).getMetadataOrThrow("reason"));
        assertEquals("safety-plane", errorInfo(control).getDomain());
    }

    @Test
    void checkStreamAnswersEveryItemInOrderAndABadItemDoesNotEndIt() throws InterruptedException {
        GrpcTesting.Responses<CheckResponse> stream = new GrpcTesting.Responses<>();
        StreamObserver<CheckRequest> requests = PromptFilterGrpc.newStub(channel).checkStream(stream);
        requests.onNext(request("self-serve", "item-1", BENIGN));
        requests.onNext(request("self-serve", "item-2", CSAM));
        requests.onNext(request("self-serve", "item-3", "a".repeat(40_000)));
        requests.onNext(request("nobody-knows-me", "item-4", BENIGN));
        requests.onNext(CheckRequest.newBuilder(request("self-serve", "item-5", ""))
                .setPromptUtf8(ByteString.copyFrom(new byte[] { 'o', 'k', (byte) 0xC3 })).build());
        requests.onNext(request("self-serve", "item-6", "tab\tis fine, escape \u001b is not"));
        requests.onNext(request("self-serve", "item-7", BENIGN));
        requests.onCompleted();
        List<CheckResponse> responses = stream.await(30);
        assertEquals(List.of("item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7"),
                responses.stream().map(CheckResponse::getItemId).toList());
        assertEquals(Action.ACTION_ALLOW, responses.get(0).getDecision());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, responses.get(1).getDecision());
        assertEquals("prompt-too-long", responses.get(2).getError().getType());
        assertEquals("unknown-tenant", responses.get(3).getError().getType());
        assertEquals("invalid-utf8", responses.get(4).getError().getType());
        assertEquals("invalid-prompt", responses.get(5).getError().getType());
        assertEquals("control_character", responses.get(5).getError().getReason());
        assertEquals(Action.ACTION_ALLOW, responses.get(6).getDecision());
        assertFalse(responses.get(6).hasError());
        assertFalse(responses.get(1).hasError());
    }
}

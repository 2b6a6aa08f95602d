package io.safetyplane.filter;

import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.FakeDownstreams.CLASSIFICATIONS;
import static io.safetyplane.filter.FakeDownstreams.MATCHES;
import static io.safetyplane.filter.FakeDownstreams.STANDINGS;
import static io.safetyplane.filter.FakeDownstreams.down;
import static io.safetyplane.filter.GateScreenTest.JPEG;
import static io.safetyplane.filter.GateScreenTest.matchCalls;
import static io.safetyplane.testsupport.GrpcTesting.errorInfo;
import static io.safetyplane.testsupport.GrpcTesting.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.filter.v1.GateGrpc;
import io.safetyplane.contracts.filter.v1.InitImage;
import io.safetyplane.contracts.filter.v1.ScreenRequest;
import io.safetyplane.contracts.filter.v1.ScreenResponse;

/** gRPC {@code safety.filter.v1.Gate}, the mirror of {@code POST /v1/requests:screen}. */
@QuarkusTest
class GrpcGateTest {
    @TestHTTPResource
    URL url;

    ManagedChannel channel;
    GateGrpc.GateBlockingStub gate;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        gate = GateGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static ScreenRequest.Builder request(String account, String prompt) {
        return ScreenRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("grpc-" + account).setTenantId("self-serve").setAccountId(account)
                        .setEndUserId("user-of-" + account))
                .setPrompt(prompt).setContentId("upload-" + account);
    }

    static ScreenRequest.Builder withImage(ScreenRequest.Builder r, byte[] image, String type) {
        return r.setImage(InitImage.newBuilder().setData(ByteString.copyFrom(image)).setContentType(type));
    }

    @Test
    void screensAsRestDoes() {
        ScreenResponse allowed = gate.screen(request("gate-grpc-1", BENIGN).build());
        assertEquals(Action.ACTION_ALLOW, allowed.getDecision());
        assertEquals("active", allowed.getStanding().getState());
        assertEquals(Action.ACTION_ALLOW, allowed.getPrompt().getDecision());
        assertFalse(allowed.getPrompt().getDecisionEventId().isEmpty());
        assertFalse(allowed.hasHash());
        assertFalse(allowed.hasClassification());
        assertEquals(0, allowed.getReasonsCount());

        MATCHES.put("upload-gate-grpc-2", FakeDownstreams.reportingMatch("demo-csam", 6, "demo-1"));
        ScreenResponse reported = gate.screen(withImage(request("gate-grpc-2", BENIGN), JPEG, "image/jpeg").build());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, reported.getDecision());
        assertEquals("hash", reported.getReasons(0).getCheck());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, reported.getReasons(0).getAction());
        assertTrue(reported.getReasons(0).getDetail().contains("demo-csam"), reported.getReasons(0).getDetail());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, reported.getHash().getAction());
        assertEquals("demo-csam", reported.getHash().getMatches(0).getBank());
        assertEquals(6, reported.getHash().getMatches(0).getDistance());
        assertEquals("demo-1", reported.getHash().getMatches(0).getExternalId());
        assertEquals(Action.ACTION_ALLOW, reported.getClassification().getDecision());
        assertEquals("nsfwjs-mobilenet-v2", reported.getClassification().getModel());
        assertEquals("explicit", reported.getClassification().getRules(0).getRule());
        assertEquals(1, matchCalls("upload-gate-grpc-2").size());

        ScreenResponse csam = gate.screen(request("gate-grpc-3", CSAM).build());
        assertEquals(Action.ACTION_BLOCK_AND_REPORT, csam.getDecision());
        assertEquals(List.of(csam.getPrompt().getViolationEventId()), csam.getViolationEventIdsList());

        STANDINGS.put("gate-grpc-4", FakeDownstreams.standing(StandingState.STANDING_STATE_SUSPENDED, 1_900_000_000_000L));
        ScreenResponse suspended = gate.screen(request("gate-grpc-4", BENIGN).build());
        assertEquals(Action.ACTION_BLOCK, suspended.getDecision());
        assertEquals("suspended", suspended.getStanding().getState());
        assertEquals(1_900_000_000_000L, suspended.getStanding().getUntilMillis());
    }

    @Test
    void aMissingCheckIsUnavailableWithTheChecksInItsErrorInfo() {
        CLASSIFICATIONS.put("upload-gate-grpc-5", down("model not loaded"));
        StatusRuntimeException e = expect(Status.Code.UNAVAILABLE, "check-unavailable",
                () -> gate.screen(withImage(request("gate-grpc-5", BENIGN), JPEG, "image/jpeg").build()));
        assertEquals("classifier", errorInfo(e).getMetadataOrThrow("checks"));
        assertEquals("CHECK_UNAVAILABLE", errorInfo(e).getReason());

        MATCHES.put("upload-gate-grpc-6", down("index not ready"));
        ScreenResponse blocked = gate.screen(withImage(request("gate-grpc-6", GateScreenTest.VIOLENT), JPEG, "image/jpeg").build());
        assertEquals(Action.ACTION_BLOCK, blocked.getDecision());
        assertEquals(List.of("hash"), blocked.getUnavailableList());
    }

    @Test
    void badRequestsAreInvalidArguments() {
        expect(Status.Code.INVALID_ARGUMENT, "invalid-context", () -> gate.screen(ScreenRequest.newBuilder().setPrompt(BENIGN).build()));
        expect(Status.Code.INVALID_ARGUMENT, "invalid-context", () -> gate.screen(request("", BENIGN).build()));
        expect(Status.Code.INVALID_ARGUMENT, "empty-prompt", () -> gate.screen(request("gate-grpc-7", "").build()));
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, "unsupported-media",
                () -> gate.screen(withImage(request("gate-grpc-8", BENIGN), "%PDF-1.7".getBytes(), "application/pdf").build()));
        assertEquals("hash", errorInfo(e).getMetadataOrThrow("check"));
        expect(Status.Code.RESOURCE_EXHAUSTED, "image-too-large",
                () -> gate.screen(withImage(request("gate-grpc-9", BENIGN), new byte[300_000], "image/jpeg").build()));
    }
}

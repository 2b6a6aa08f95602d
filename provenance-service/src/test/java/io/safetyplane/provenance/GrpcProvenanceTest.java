package io.safetyplane.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.provenance.v1.Generator;
import io.safetyplane.contracts.provenance.v1.ProvenanceGrpc;
import io.safetyplane.contracts.provenance.v1.ReleaseRequest;
import io.safetyplane.contracts.provenance.v1.ReleaseResponse;
import io.safetyplane.contracts.provenance.v1.SignRequest;
import io.safetyplane.contracts.provenance.v1.SignResponse;
import io.safetyplane.contracts.provenance.v1.VerifyRequest;
import io.safetyplane.contracts.provenance.v1.VerifyResponse;
import io.safetyplane.testsupport.GrpcTesting;

/** The gRPC API: the same operations and errors as REST, media as raw bytes. */
@QuarkusTest
class GrpcProvenanceTest {
    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private ProvenanceGrpc.ProvenanceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        stub = ProvenanceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void signThenVerify() {
        Samples.Sample s = Samples.get("sample.mp4");
        SignResponse signed = stub.sign(SignRequest.newBuilder().setMedia(ByteString.copyFrom(s.bytes())).setContentType(s.mediaType())
                .setGenerator(Generator.newBuilder().setModel("video-gen-1").setModelVersion("0.9")).build());
        assertEquals("video/mp4", signed.getContentType());
        assertTrue(signed.getTimestamped());
        assertEquals(64, signed.getSha256().length());
        VerifyResponse report = stub.verify(VerifyRequest.newBuilder().setMedia(signed.getMedia()).build());
        assertEquals("Trusted", report.getValidationState());
        assertEquals(signed.getManifestLabel(), report.getActiveManifest());
        assertEquals("video-gen-1/0.9", report.getActions(0).getSoftwareAgent());
        assertTrue(report.getSignature().getTimestampMillis() > 0);
        assertTrue(report.getSuccessList().stream().anyMatch(x -> x.getCode().equals("assertion.bmffHash.match")));
    }

    @Test
    void releaseAndErrors() {
        Samples.Sample s = Samples.get("sample.png");
        ReleaseRequest.Builder req = ReleaseRequest.newBuilder().setMedia(ByteString.copyFrom(s.bytes()))
                .setGenerator(Generator.newBuilder().setModel("image-gen-3"))
                .setContext(RequestContext.newBuilder().setRequestId("grpc-release").setTenantId("acme").setAccountId("a1"));
        ReleaseResponse allowed = stub.release(req.setContentId("allow-grpc").build());
        assertEquals(Action.ACTION_ALLOW, allowed.getDecision());
        assertTrue(allowed.getReleased());
        assertFalse(allowed.getSigned().getMedia().isEmpty());
        ReleaseResponse blocked = stub.release(req.setContentId("block-grpc").build());
        assertEquals(Action.ACTION_BLOCK, blocked.getDecision());
        assertFalse(blocked.hasSigned());
        assertFalse(blocked.getViolationEventId().isEmpty());
        GrpcTesting.expect(Status.Code.UNAVAILABLE, "classifier-unavailable", () -> stub.release(req.setContentId("down-grpc").build()));
        GrpcTesting.expect(Status.Code.INVALID_ARGUMENT, "empty-media", () -> stub.sign(SignRequest.newBuilder()
                .setGenerator(Generator.newBuilder().setModel("m")).build()));
        GrpcTesting.expect(Status.Code.ALREADY_EXISTS, "manifest-present", () -> stub.sign(SignRequest.newBuilder()
                .setMedia(allowed.getSigned().getMedia()).setGenerator(Generator.newBuilder().setModel("m")).build()));
    }
}

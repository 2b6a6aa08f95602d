package io.safetyplane.classifier;

import static io.safetyplane.testsupport.GrpcTesting.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.testsupport.GrpcTesting;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.LabelScore;
import io.safetyplane.contracts.classifier.v1.Media;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;

@QuarkusTest
class GrpcClassifyTest {
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

    static ClassifyRequest request(String itemId, byte[] media, String model) {
        return ClassifyRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("grpc-" + itemId).setTenantId("acme").setAccountId("acct-g"))
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(media)).setContentType("image/png"))
                .setModel(model).setItemId(itemId).build();
    }

    @Test
    void classifyGivesTheSameVerdictAsRest() {
        byte[] png = Images.png(Images.checkerboard(200, 25));
        ClassifyResponse r = MediaClassifierGrpc.newBlockingStub(channel).classify(request("g1", png, ""));
        assertEquals("g1", r.getItemId());
        assertEquals(Action.ACTION_ALLOW, r.getDecision());
        assertEquals("nsfwjs-mobilenet-v2", r.getModelId());
        assertEquals("4.4.0", r.getModelVersion());
        assertEquals(Api.LABELS, r.getScoresList().stream().map(LabelScore::getLabel).toList());
        assertEquals(1.0, r.getScoresList().stream().mapToDouble(LabelScore::getScore).sum(), 1e-4);
        assertEquals("png", r.getFormat());
        assertEquals(200, r.getWidth());
        assertTrue(r.getTimings().getBatchSize() >= 1);
        assertFalse(r.getDecisionEventId().isEmpty());
        assertTrue(r.getViolationEventId().isEmpty());
        float[] rest = Api.scores(Api.classifyPng("g1-rest", png));
        float[] grpc = new float[5];
        for (int i = 0; i < 5; i++) {
            grpc[i] = r.getScores(i).getScore();
        }
        assertTrue(Api.maxDiff(rest, grpc) < 1e-6, Arrays.toString(rest) + " vs " + Arrays.toString(grpc));

        ClassifyResponse blocked = MediaClassifierGrpc.newBlockingStub(channel).classify(request("g2", png, "test-always-block"));
        assertEquals(Action.ACTION_BLOCK, blocked.getDecision());
        assertFalse(blocked.getViolationEventId().isEmpty());
        ClassifyResponse output = MediaClassifierGrpc.newBlockingStub(channel).classify(ClassifyRequest.newBuilder(
                request("g3", png, "test-always-block")).setStage(ContentStage.CONTENT_STAGE_OUTPUT).build());
        assertTrue(output.getViolationEventId().isEmpty());
    }

    @Test
    void errorsAreStatusesWithTheProblemType() {
        var stub = MediaClassifierGrpc.newBlockingStub(channel);
        byte[] png = Images.png(Images.checkerboard(64, 8));
        expect(Status.Code.NOT_FOUND, "unknown-model", () -> stub.classify(request("e1", png, "no-such-model")));
        expect(Status.Code.INVALID_ARGUMENT, "unsupported-media",
                () -> stub.classify(request("e2", "just some text".getBytes(), "")));
        expect(Status.Code.FAILED_PRECONDITION, "corrupt-media",
                () -> stub.classify(request("e3", Arrays.copyOf(png, png.length / 2), "")));
        expect(Status.Code.FAILED_PRECONDITION, "image-too-many-pixels",
                () -> stub.classify(request("e4", Images.pngHeader(100_000, 100_000), "")));
        expect(Status.Code.INVALID_ARGUMENT, "missing-media", () -> stub.classify(ClassifyRequest.newBuilder().build()));
        expect(Status.Code.INVALID_ARGUMENT, "invalid-stage", () -> stub.classify(ClassifyRequest.newBuilder(request("e5", png, ""))
                .setStage(ContentStage.CONTENT_STAGE_PROMPT).build()));
        expect(Status.Code.RESOURCE_EXHAUSTED, "media-too-large", () -> stub.classify(request("e6", new byte[1_100_000], "")));
    }

    @Test
    void classifyStreamAnswersEveryItemInOrderAndABadItemDoesNotEndIt() throws InterruptedException {
        GrpcTesting.Responses<ClassifyResponse> stream = new GrpcTesting.Responses<>();
        StreamObserver<ClassifyRequest> requests = MediaClassifierGrpc.newStub(channel).classifyStream(stream);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "item-" + i;
            expected.add(id);
            if (i == 5) {
                requests.onNext(request(id, "not an image".getBytes(), ""));
            } else if (i == 9) {
                requests.onNext(request(id, Images.png(Images.gradient(50, 50)), "nobody"));
            } else if (i % 3 == 0) {
                requests.onNext(request(id, Images.png(Images.gradient(40 + i, 60)), "nsfwjs-inception-v3"));
            } else {
                requests.onNext(request(id, Images.png(Images.checkerboard(40 + i, 5)), ""));
            }
        }
        requests.onCompleted();
        List<ClassifyResponse> responses = stream.await(120);
        assertEquals(expected, responses.stream().map(ClassifyResponse::getItemId).toList());
        assertEquals("unsupported-media", responses.get(5).getError().getType());
        assertEquals("unknown-model", responses.get(9).getError().getType());
        assertEquals("nsfwjs-inception-v3", responses.get(3).getModelId());
        assertEquals("nsfwjs-mobilenet-v2", responses.get(4).getModelId());
        for (int i = 0; i < 40; i++) {
            if (i != 5 && i != 9) {
                assertFalse(responses.get(i).hasError(), responses.get(i).toString());
                assertEquals(1.0, responses.get(i).getScoresList().stream().mapToDouble(LabelScore::getScore).sum(), 1e-4);
            }
        }
    }
}

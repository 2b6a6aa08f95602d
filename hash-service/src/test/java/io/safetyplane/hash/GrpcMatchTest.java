package io.safetyplane.hash;

import static io.safetyplane.hash.BankAdminApiTest.PDQ_A;
import static io.safetyplane.hash.BankAdminApiTest.admin;
import static io.safetyplane.hash.BankAdminApiTest.createBank;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.hash.v1.HashMatcherGrpc;
import io.safetyplane.contracts.hash.v1.HashRequest;
import io.safetyplane.contracts.hash.v1.HashResponse;
import io.safetyplane.contracts.hash.v1.MatchAction;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.contracts.hash.v1.Media;
import io.safetyplane.contracts.hash.v1.Signal;
import io.safetyplane.contracts.hash.v1.Signals;

@QuarkusTest
class GrpcMatchTest {
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

    static MatchRequest bySignal(String type, String value) {
        return MatchRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("r1").setTenantId("t").setAccountId("a"))
                .setSignals(Signals.newBuilder().addSignals(Signal.newBuilder().setType(type).setValue(value)))
                .build();
    }

    @Test
    void hashAndMatchOverGrpc() {
        String hash = BankAdminApiTest.flip(PDQ_A, 200);
        createBank("grpc-bank", "review");
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "pdq", "hash", hash, "externalId", "e-1"))))
                .post("/v1/banks/grpc-bank/entries").then().statusCode(200);
        var stub = HashMatcherGrpc.newBlockingStub(channel);

        HashResponse hashes = stub.hash(HashRequest.newBuilder()
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(TestImages.png(5))).setContentType("image/png")).build());
        assertEquals(3, hashes.getSignalsCount());
        assertEquals(8, hashes.getPdqDihedralCount());

        MatchResponse hit = stub.match(bySignal("pdq", BankAdminApiTest.flip(hash, 3)));
        assertEquals(1, hit.getMatchesCount());
        assertEquals("grpc-bank", hit.getMatches(0).getBank());
        assertEquals(3, hit.getMatches(0).getDistance());
        assertEquals("e-1", hit.getMatches(0).getExternalId());
        assertEquals(MatchAction.MATCH_ACTION_REVIEW, hit.getAction());

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> stub.match(bySignal("pdq", "zz")));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertTrue(bad.getStatus().getDescription().startsWith("invalid-signal: "), bad.getStatus().getDescription());

        StatusRuntimeException corrupt = assertThrows(StatusRuntimeException.class, () -> stub.match(MatchRequest.newBuilder()
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(TestImages.pngHeader(100_000, 100_000)))).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, corrupt.getStatus().getCode());
        assertTrue(corrupt.getStatus().getDescription().startsWith("image-too-many-pixels: "));

        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> stub.match(MatchRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        admin().delete("/v1/banks/grpc-bank").then().statusCode(204);
    }

    @Test
    void largeMediaFitAndOversizedMediaAreRefusedWithAReason() {
        var stub = HashMatcherGrpc.newBlockingStub(channel);
        java.util.Random random = new java.util.Random(1);
        var noise = new java.awt.image.BufferedImage(1500, 1200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        byte[] big = TestImages.encode(noise, "png");
        assertTrue(big.length > 5_000_000, "a medium over gRPC's default 4 MiB message limit");
        HashResponse hashes = stub.hash(HashRequest.newBuilder().setMedia(Media.newBuilder().setData(ByteString.copyFrom(big))).build());
        assertEquals(3, hashes.getSignalsCount());

        StatusRuntimeException tooLarge = assertThrows(StatusRuntimeException.class, () -> stub.hash(HashRequest.newBuilder()
                .setMedia(Media.newBuilder().setData(ByteString.copyFrom(new byte[33 * 1024 * 1024]))).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooLarge.getStatus().getCode());
        assertTrue(tooLarge.getStatus().getDescription().startsWith("media-too-large: "), tooLarge.getStatus().getDescription());
    }

    @Test
    void batchStreamAnswersEveryItemInOrderAndABadItemDoesNotEndIt() throws InterruptedException {
        createBank("grpc-batch", "block");
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "md5", "hash", BankAdminApiTest.MD5_B))))
                .post("/v1/banks/grpc-batch/entries").then().statusCode(200);
        List<MatchResponse> responses = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<MatchRequest> requests = HashMatcherGrpc.newStub(channel).matchBatch(new StreamObserver<>() {
            public void onNext(MatchResponse r) {
                synchronized (responses) {
                    responses.add(r);
                }
            }

            public void onError(Throwable t) {
                done.countDown();
            }

            public void onCompleted() {
                done.countDown();
            }
        });
        requests.onNext(bySignal("md5", BankAdminApiTest.MD5_B));
        requests.onNext(bySignal("md5", "not-hex"));
        requests.onNext(bySignal("md5", "ffffffffffffffffffffffffffffffff"));
        requests.onNext(bySignal("md5", BankAdminApiTest.MD5_B.toUpperCase()));
        requests.onCompleted();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(4, responses.size());
        Iterator<MatchResponse> it = responses.iterator();
        assertEquals(MatchAction.MATCH_ACTION_BLOCK, it.next().getAction());
        assertEquals("invalid-signal", it.next().getError().getType());
        assertEquals(0, it.next().getMatchesCount());
        assertEquals(1, it.next().getMatchesCount());
        admin().delete("/v1/banks/grpc-batch").then().statusCode(204);
    }
}

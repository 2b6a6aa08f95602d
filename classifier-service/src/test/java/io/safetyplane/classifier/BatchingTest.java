package io.safetyplane.classifier;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.classifier.inference.Batcher;
import io.safetyplane.classifier.model.ModelRegistry;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.Media;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import jakarta.inject.Inject;

/**
 * Micro-batching and overload, made deterministic by holding the default model's batcher: items queue
 * up while it is held and run together once it is released; a full queue answers 429 / RESOURCE_EXHAUSTED.
 */
@QuarkusTest
class BatchingTest {
    @TestHTTPResource
    URL url;

    @Inject
    ModelRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private CompletableFuture<HttpResponse<String>> classifyAsync(byte[] png, String requestId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString().replaceAll("/$", "") + "/v1/media:classify"))
                .header("Content-Type", "image/png").header("Safety-Context-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void itemsThatWaitTogetherRunInOneBatch() throws Exception {
        Batcher batcher = registry.defaultModel().batcher();
        int n = 6;
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        batcher.hold();
        try {
            for (int i = 0; i < n; i++) {
                calls.add(classifyAsync(Images.png(Images.checkerboard(64 + 8 * i, 8)), "batch-" + i));
            }
            Api.await(n + " items queued", () -> batcher.queued() == n);
        } finally {
            batcher.release();
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            HttpResponse<String> r = c.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = json.readTree(r.body());
            assertEquals(n, body.path("timings").path("batchSize").asInt(), r.body());
            double sum = 0;
            for (JsonNode s : body.path("scores")) {
                sum += s.asDouble();
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void aFullQueueIsRefusedWith429AndResourceExhausted() throws Exception {
        Batcher batcher = registry.defaultModel().batcher();
        int capacity = batcher.capacity();
        byte[] png = Images.png(Images.checkerboard(64, 8));
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        batcher.hold();
        try {
            for (int i = 0; i < capacity; i++) {
                calls.add(classifyAsync(png, "full-" + i));
            }
            Api.await("the queue to fill", () -> batcher.queued() == capacity);
            Api.classifyPng("full-over", png).statusCode(429)
                    .header("Retry-After", "1")
                    .contentType("application/problem+json")
                    .body("type", is("urn:safety-plane:problem:queue-full"))
                    .body("retryAfterSeconds", is(1));
            StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> MediaClassifierGrpc.newBlockingStub(channel).classify(ClassifyRequest.newBuilder()
                            .setMedia(Media.newBuilder().setData(ByteString.copyFrom(png))).build()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith("queue-full: "), e.getStatus().getDescription());
            // another model has its own queue
            Api.request("full-other", "image/png", png).queryParam("model", "nsfwjs-mobilenet-v2-mid").post("/v1/media:classify")
                    .then().statusCode(200);
        } finally {
            batcher.release();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertEquals(200, c.get(60, TimeUnit.SECONDS).statusCode());
        }
    }
}

package io.safetyplane.provenance;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.LabelScore;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.testsupport.GrpcTesting;

/**
 * A stand-in for the classifier-service's gRPC API (the real service needs its models and runs in its own
 * process; the system tests use it). It answers by the content id's first word: {@code allow-…}, {@code review-…},
 * {@code block-…} with the verdict the nsfwjs rules would give for such scores, {@code down-…} with UNAVAILABLE,
 * {@code refuse-…} with INVALID_ARGUMENT, {@code slow-…} after the gate's deadline. It keeps every request.
 */
public class FakeClassifier implements QuarkusTestResourceLifecycleManager {
    static final List<ClassifyRequest> REQUESTS = new CopyOnWriteArrayList<>();
    private Server server;

    @Override
    public Map<String, String> start() {
        server = ServerBuilder.forPort(0).addService(new MediaClassifierGrpc.MediaClassifierImplBase() {
            @Override
            public void classify(ClassifyRequest request, StreamObserver<ClassifyResponse> out) {
                REQUESTS.add(request);
                String kind = request.getContentId().split("-")[0];
                switch (kind) {
                    case "down" -> out.onError(Status.UNAVAILABLE.withDescription("model not loaded").asRuntimeException());
                    case "refuse" -> out.onError(Status.INVALID_ARGUMENT.withDescription("unsupported-media: not an image").asRuntimeException());
                    case "slow" -> {
                        try {
                            Thread.sleep(4_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        out.onNext(verdict(Action.ACTION_ALLOW, 0.01f));
                        out.onCompleted();
                    }
                    case "block" -> reply(out, verdict(Action.ACTION_BLOCK, 0.99f));
                    case "review" -> reply(out, verdict(Action.ACTION_REVIEW, 0.7f));
                    default -> reply(out, verdict(Action.ACTION_ALLOW, 0.01f));
                }
            }
        }).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.grpc.clients.classifier.host", "127.0.0.1",
                "quarkus.grpc.clients.classifier.port", String.valueOf(server.getPort()),
                "quarkus.grpc.clients.classifier.test-port", String.valueOf(server.getPort()));
    }

    private static void reply(StreamObserver<ClassifyResponse> out, ClassifyResponse r) {
        out.onNext(r);
        out.onCompleted();
    }

    /** A verdict of the default model with Porn + Hentai at {@code explicit}. */
    static ClassifyResponse verdict(Action decision, float explicit) {
        float rest = (1 - explicit) / 3;
        return ClassifyResponse.newBuilder().setDecision(decision).setModelId("nsfwjs-mobilenet-v2")
                .setModelName("nsfwjs-mobilenet-v2").setModelVersion("4.4.0")
                .addScores(LabelScore.newBuilder().setLabel("Drawing").setScore(rest))
                .addScores(LabelScore.newBuilder().setLabel("Hentai").setScore(explicit / 2))
                .addScores(LabelScore.newBuilder().setLabel("Neutral").setScore(rest))
                .addScores(LabelScore.newBuilder().setLabel("Porn").setScore(explicit / 2))
                .addScores(LabelScore.newBuilder().setLabel("Sexy").setScore(rest))
                .addRules(RuleResult.newBuilder().setRule("explicit").addLabels("Porn").addLabels("Hentai").setScore(explicit)
                        .setAction(decision).setCategory("sexual"))
                .setDecisionEventId("decision-" + decision.getNumber()).build();
    }

    @Override
    public void stop() {
        GrpcTesting.stop(Collections.singletonList(server));
    }

    /** Registers the fake for every test class of the module. */
    @QuarkusTestResource(value = FakeClassifier.class, restrictToAnnotatedClass = false)
    public static class Registration {
    }
}

package io.safetyplane.filter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.BindableService;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.LabelScore;
import io.safetyplane.contracts.classifier.v1.MediaClassifierGrpc;
import io.safetyplane.contracts.classifier.v1.RuleResult;
import io.safetyplane.contracts.enforcement.v1.AccountsGrpc;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.enforcement.v1.Standing;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.hash.v1.HashMatcherGrpc;
import io.safetyplane.contracts.hash.v1.Match;
import io.safetyplane.contracts.hash.v1.MatchAction;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.contracts.hash.v1.Signal;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.safetyplane.testsupport.GrpcTesting;

/**
 * Stand-ins for the gate's three downstream gRPC services, each an io.grpc server on a free port: the
 * enforcement-service's {@code Accounts}, the hash-service's {@code HashMatcher} and the classifier-service's
 * {@code MediaClassifier} (the real ones need PostgreSQL, hash banks and models, and run in their own processes; the
 * system tests use them). They refuse what the real services refuse, with the same statuses (an empty, oversized or
 * unreadable medium, a stage other than upload, a missing tenant or account), and otherwise answer an active standing,
 * no match and an allow verdict, unless told otherwise for an account id ({@link #STANDINGS}) or a content id
 * ({@link #MATCHES}, {@link #CLASSIFICATIONS}): with a given answer, with a status such as UNAVAILABLE ({@link #down}),
 * or by stalling until the caller's deadline has passed ({@link #STALL}). Every request is kept.
 */
public class FakeDownstreams implements QuarkusTestResourceLifecycleManager {
    /** Told for a key: answer only after the caller's deadline has passed. */
    static final Object STALL = new Object();
    /** The fakes' media limit, below the gate's own in the test profile, so that the downstream's refusal shows. */
    static final int MAX_MEDIA_BYTES = 131_072;

    static final Map<String, Object> STANDINGS = new ConcurrentHashMap<>();
    static final Map<String, Object> MATCHES = new ConcurrentHashMap<>();
    static final Map<String, Object> CLASSIFICATIONS = new ConcurrentHashMap<>();
    static final List<GetStandingRequest> STANDING_CALLS = new CopyOnWriteArrayList<>();
    static final List<MatchRequest> MATCH_CALLS = new CopyOnWriteArrayList<>();
    static final List<ClassifyRequest> CLASSIFY_CALLS = new CopyOnWriteArrayList<>();

    private final List<Server> servers = new ArrayList<>();

    /** A status to answer with, as a service down answers. */
    static StatusRuntimeException down(String why) {
        return Status.UNAVAILABLE.withDescription(why).asRuntimeException();
    }

    static Standing standing(StandingState state, long untilMillis) {
        Standing.Builder b = Standing.newBuilder().setState(state).setUntilMillis(untilMillis).setKnown(true).setPolicyAccepted(true);
        if (state != StandingState.STANDING_STATE_ACTIVE) {
            b.addSanctionIds("sanction-" + state.getNumber());
        }
        return b.build();
    }

    /** A reporting bank's PDQ match, as the hash-service answers once the evidence is preserved. */
    static MatchResponse reportingMatch(String bank, int distance, String externalId) {
        return MatchResponse.newBuilder().addSignals(Signal.newBuilder().setType("pdq").setValue("f".repeat(64)).setQuality(100))
                .addMatches(Match.newBuilder().setBank(bank).setEntryId("pdq:" + "f".repeat(64)).setExternalId(externalId)
                        .setSignalType("pdq").setDistance(distance).setQuality(100).setAction(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT)
                        .setCategory("csam").setSource("internal").setTransform("rot90"))
                .setAction(MatchAction.MATCH_ACTION_BLOCK_AND_REPORT).addViolationEventIds("violation-of-" + externalId).build();
    }

    /** A verdict of the default model with Porn + Hentai at {@code explicit}, as the nsfwjs rules give it. */
    static ClassifyResponse verdict(Action decision, float explicit, String violationEventId) {
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
                .setDecisionEventId("decision-" + decision.getNumber()).setViolationEventId(violationEventId).build();
    }

    static <T> List<T> callsFor(List<T> calls, java.util.function.Predicate<T> which) {
        return calls.stream().filter(which).toList();
    }

    @Override
    public Map<String, String> start() {
        Server enforcement = serve(new AccountsGrpc.AccountsImplBase() {
            @Override
            public void getStanding(GetStandingRequest request, StreamObserver<Standing> out) {
                STANDING_CALLS.add(request);
                if (request.getTenantId().isBlank() || request.getAccountId().isBlank()) {
                    out.onError(Status.INVALID_ARGUMENT.withDescription("invalid-request: tenant_id and account_id are required")
                            .asRuntimeException());
                    return;
                }
                answer(STANDINGS.get(request.getAccountId()), standing(StandingState.STANDING_STATE_ACTIVE, 0), out, s -> s.toBuilder().setTenantId(request.getTenantId())
                        .setAccountId(request.getAccountId()).setEndUserId(request.getEndUserId()).build());
            }
        });
        Server hash = serve(new HashMatcherGrpc.HashMatcherImplBase() {
            @Override
            public void match(MatchRequest request, StreamObserver<MatchResponse> out) {
                MATCH_CALLS.add(request);
                StatusRuntimeException refused = refuse(request.getStage(), request.getMedia().getData());
                if (refused != null) {
                    out.onError(refused);
                    return;
                }
                answer(MATCHES.get(request.getContentId()), MatchResponse.newBuilder()
                        .addSignals(Signal.newBuilder().setType("sha256").setValue("0".repeat(64))).build(), out, r -> r);
            }
        });
        Server classifier = serve(new MediaClassifierGrpc.MediaClassifierImplBase() {
            @Override
            public void classify(ClassifyRequest request, StreamObserver<ClassifyResponse> out) {
                CLASSIFY_CALLS.add(request);
                StatusRuntimeException refused = refuse(request.getStage(), request.getMedia().getData());
                if (refused != null) {
                    out.onError(refused);
                    return;
                }
                answer(CLASSIFICATIONS.get(request.getContentId()), verdict(Action.ACTION_ALLOW, 0.01f, ""), out, r -> r);
            }
        });
        return Map.of(
                "quarkus.grpc.clients.enforcement.host", "127.0.0.1",
                "quarkus.grpc.clients.enforcement.port", String.valueOf(enforcement.getPort()),
                "quarkus.grpc.clients.enforcement.test-port", String.valueOf(enforcement.getPort()),
                "quarkus.grpc.clients.hash.host", "127.0.0.1",
                "quarkus.grpc.clients.hash.port", String.valueOf(hash.getPort()),
                "quarkus.grpc.clients.hash.test-port", String.valueOf(hash.getPort()),
                "quarkus.grpc.clients.classifier.host", "127.0.0.1",
                "quarkus.grpc.clients.classifier.port", String.valueOf(classifier.getPort()),
                "quarkus.grpc.clients.classifier.test-port", String.valueOf(classifier.getPort()));
    }

    private Server serve(BindableService service) {
        Server server = ServerBuilder.forPort(0).addService(service).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        servers.add(server);
        return server;
    }

    @SuppressWarnings("unchecked")
    private static <R> void answer(Object told, R otherwise, StreamObserver<R> out, java.util.function.UnaryOperator<R> finish) {
        if (told instanceof StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        if (told == STALL) {
            stallPastDeadline();
        }
        R r = told != null && told != STALL ? (R) told : otherwise;
        try {
            out.onNext(finish.apply(r));
            out.onCompleted();
        } catch (StatusRuntimeException cancelled) {
            // the caller gave up at its deadline
        }
    }

    private static void stallPastDeadline() {
        Deadline deadline = io.grpc.Context.current().getDeadline();
        long millis = deadline == null ? 10_000 : deadline.timeRemaining(TimeUnit.MILLISECONDS) + 500;
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the hash-service and the classifier-service refuse before looking at the pixels, with their statuses. */
    private static StatusRuntimeException refuse(ContentStage stage, ByteString media) {
        if (stage != ContentStage.CONTENT_STAGE_UPLOAD && stage != ContentStage.CONTENT_STAGE_UNSPECIFIED) {
            return GrpcFailures.status(Failure.invalid("invalid-stage", "Invalid stage", "the gate screens uploads"));
        }
        if (media.isEmpty()) {
            return GrpcFailures.status(Failure.invalid("empty-media", "Empty media", "the medium has no bytes"));
        }
        if (media.size() > MAX_MEDIA_BYTES) {
            return GrpcFailures.status(new Failure(Failure.Kind.TOO_LARGE, "media-too-large", "Media too large",
                    "media is " + media.size() + " bytes, limit " + MAX_MEDIA_BYTES));
        }
        if (!isImage(media)) {
            return GrpcFailures.status(new Failure(Failure.Kind.UNSUPPORTED, "unsupported-media", "Unsupported media format",
                    "not a JPEG, PNG, GIF, BMP or WebP image"));
        }
        return null;
    }

    private static boolean isImage(ByteString b) {
        return b.startsWith(ByteString.copyFrom(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF }))
                || b.startsWith(ByteString.copyFrom(new byte[] { (byte) 0x89, 'P', 'N', 'G' }))
                || b.startsWith(ByteString.copyFrom("GIF8", StandardCharsets.US_ASCII))
                || b.startsWith(ByteString.copyFrom("BM", StandardCharsets.US_ASCII))
                || b.size() > 12 && b.startsWith(ByteString.copyFrom("RIFF", StandardCharsets.US_ASCII))
                        && b.substring(8, 12).toStringUtf8().equals("WEBP");
    }

    @Override
    public void stop() {
        GrpcTesting.stop(servers);
    }

    /** Registers the fakes for every test class of the module. */
    @QuarkusTestResource(value = FakeDownstreams.class, restrictToAnnotatedClass = false)
    public static class Registration {
    }
}

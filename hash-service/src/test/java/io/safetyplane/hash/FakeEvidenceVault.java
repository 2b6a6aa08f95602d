package io.safetyplane.hash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.safetyplane.contracts.enforcement.v1.EvidenceGrpc;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.testsupport.GrpcTesting;

/**
 * A stand-in for the enforcement-service's {@code safety.enforcement.v1.Evidence/Preserve} (the real one needs
 * PostgreSQL and its keys and runs in its own process). It checks requests as the contract says the vault does
 * (bytes, tenant and account, violation id, hashes that agree with the bytes, a size limit), is idempotent on the
 * violation id and the bytes' SHA-256, queues a report id when a block-and-report match confirms the incident, and
 * keeps every request it received, refused or not. {@link #failFor} makes it answer one request id with a status
 * until {@link #recover}, and {@link #delayFor} slows it down.
 */
public class FakeEvidenceVault implements QuarkusTestResourceLifecycleManager {
    /** The vault's own limit on one file. */
    static final int MAX_BYTES = 32 * 1024 * 1024;

    /** Every request received, in order, including those refused or failed. */
    static final List<PreserveRequest> RECEIVED = new CopyOnWriteArrayList<>();
    /** Evidence stored, by violation id and SHA-256. */
    static final Map<String, Stored> STORED = new ConcurrentHashMap<>();
    private static final Map<String, Status> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, Long> DELAYS = new ConcurrentHashMap<>();

    record Stored(String evidenceId, String tiplineReportId, PreserveRequest request) {
    }

    private Server server;

    /** Answers every Preserve of {@code requestId} with {@code status} until {@link #recover}. */
    static void failFor(String requestId, Status status) {
        FAILURES.put(requestId, status);
    }

    /** Answers every Preserve of {@code requestId} only after {@code millis}, until {@link #recover}. */
    static void delayFor(String requestId, long millis) {
        DELAYS.put(requestId, millis);
    }

    static void recover(String requestId) {
        FAILURES.remove(requestId);
        DELAYS.remove(requestId);
    }

    /** The requests received for one platform request id, in order. */
    static List<PreserveRequest> received(String requestId) {
        return RECEIVED.stream().filter(r -> r.getContext().getRequestId().equals(requestId)).toList();
    }

    /** The evidence stored for one violation. */
    static List<Stored> storedFor(String violationEventId) {
        return STORED.values().stream().filter(s -> s.request().getViolationEventId().equals(violationEventId)).toList();
    }

    @Override
    public Map<String, String> start() {
        server = ServerBuilder.forPort(0).maxInboundMessageSize(MAX_BYTES + 8 * 1024 * 1024)
                .addService(new EvidenceGrpc.EvidenceImplBase() {
                    @Override
                    public void preserve(PreserveRequest request, StreamObserver<PreserveResponse> out) {
                        RECEIVED.add(request);
                        Long delay = DELAYS.get(request.getContext().getRequestId());
                        if (delay != null) {
                            try {
                                Thread.sleep(delay);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        Status failure = FAILURES.get(request.getContext().getRequestId());
                        if (failure != null) {
                            out.onError(failure.withDescription("injected by the test").asRuntimeException());
                            return;
                        }
                        try {
                            out.onNext(FakeEvidenceVault.preserve(request));
                            out.onCompleted();
                        } catch (io.grpc.StatusRuntimeException e) {
                            out.onError(e);
                        }
                    }
                }).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String port = String.valueOf(server.getPort());
        return Map.of("quarkus.grpc.clients.evidence.host", "127.0.0.1",
                "quarkus.grpc.clients.evidence.port", port,
                "quarkus.grpc.clients.evidence.test-port", port);
    }

    private static PreserveResponse preserve(PreserveRequest r) {
        if (r.getData().isEmpty()) {
            throw invalid("no bytes to preserve");
        }
        if (r.getData().size() > MAX_BYTES) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("evidence-too-large: " + r.getData().size() + " bytes, limit "
                    + MAX_BYTES).asRuntimeException();
        }
        if (r.getContext().getTenantId().isBlank() || r.getContext().getAccountId().isBlank()) {
            throw invalid("the context must name the tenant and the account");
        }
        if (r.getViolationEventId().isBlank()) {
            throw invalid("violation_event_id is required");
        }
        byte[] data = r.getData().toByteArray();
        String md5 = digest("MD5", data);
        String sha256 = digest("SHA-256", data);
        for (ContentHash h : r.getHashesList()) {
            String own = switch (h.getType()) {
                case "md5" -> md5;
                case "sha256" -> sha256;
                case "pdq" -> {
                    if (!h.getValue().matches("[0-9a-f]{64}")) {
                        throw invalid("malformed pdq hash");
                    }
                    yield h.getValue();
                }
                default -> throw invalid("unknown hash type " + h.getType());
            };
            if (!own.equals(h.getValue())) {
                throw invalid(h.getType() + " " + h.getValue() + " disagrees with the bytes (" + own + ")");
            }
        }
        boolean confirmed = r.getMatchesList().stream().anyMatch(m -> m.getAction().equals("block_and_report"));
        String key = r.getViolationEventId() + "|" + sha256;
        boolean[] created = { false };
        Stored stored = STORED.computeIfAbsent(key, k -> {
            created[0] = true;
            String report = confirmed ? UUID.nameUUIDFromBytes(("report|" + r.getViolationEventId())
                    .getBytes(StandardCharsets.UTF_8)).toString() : "";
            return new Stored(UUID.randomUUID().toString(), report, r);
        });
        return PreserveResponse.newBuilder().setEvidenceId(stored.evidenceId()).setTiplineReportId(stored.tiplineReportId())
                .setAlreadyPreserved(!created[0]).build();
    }

    private static io.grpc.StatusRuntimeException invalid(String reason) {
        return Status.INVALID_ARGUMENT.withDescription("invalid-evidence: " + reason).asRuntimeException();
    }

    static String digest(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        GrpcTesting.stop(Collections.singletonList(server));
    }

    /** Registers the fake for every test class of the module. */
    @QuarkusTestResource(value = FakeEvidenceVault.class, restrictToAnnotatedClass = false)
    public static class Registration {
    }
}

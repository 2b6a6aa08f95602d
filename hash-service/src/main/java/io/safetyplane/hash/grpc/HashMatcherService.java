package io.safetyplane.hash.grpc;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.hash.v1.Error;
import io.safetyplane.contracts.hash.v1.HashMatcher;
import io.safetyplane.contracts.hash.v1.HashRequest;
import io.safetyplane.contracts.hash.v1.HashResponse;
import io.safetyplane.contracts.hash.v1.Match;
import io.safetyplane.contracts.hash.v1.MatchAction;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.contracts.hash.v1.Signal;
import io.safetyplane.hash.bank.BankMatch;
import io.safetyplane.hash.service.ContentStages;
import io.safetyplane.hash.service.HashFailures;
import io.safetyplane.hash.service.HashMatching;
import io.safetyplane.hash.service.QuerySignals;
import io.safetyplane.hash.signal.InvalidHashException;
import io.safetyplane.hash.signal.PdqSignal;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * gRPC {@code safety.hash.v1.HashMatcher}. Errors are gRPC statuses whose description starts with
 * the same problem type as the REST API ({@code "unknown-bank: ..."}); inside a batch stream an
 * error answers only its own item.
 */
@GrpcService
public class HashMatcherService implements HashMatcher {
    private final QuerySignals signals;
    private final HashMatching matching;

    public HashMatcherService(QuerySignals signals, HashMatching matching) {
        this.signals = signals;
        this.matching = matching;
    }

    @Override
    @Blocking
    public Uni<HashResponse> hash(HashRequest request) {
        return Uni.createFrom().item(() -> {
            try {
                List<QuerySignal> computed = compute(request.getMedia().getData().toByteArray());
                HashResponse.Builder r = HashResponse.newBuilder();
                computed.forEach(s -> r.addSignals(toProto(s)));
                computed.stream().filter(s -> s.type().equals(PdqSignal.NAME)).findFirst()
                        .ifPresent(s -> r.addAllPdqDihedral(s.probes()));
                return r.build();
            } catch (Failure f) {
                throw status(f);
            }
        });
    }

    @Override
    @Blocking
    public Uni<MatchResponse> match(MatchRequest request) {
        return Uni.createFrom().item(() -> {
            try {
                return matchOne(request);
            } catch (Failure f) {
                throw status(f);
            } catch (HashMatching.IndexNotReadyException e) {
                throw Status.UNAVAILABLE.withDescription("index-not-ready: " + e.getMessage()).asRuntimeException();
            }
        });
    }

    @Override
    public Multi<MatchResponse> matchBatch(Multi<MatchRequest> requests) {
        return requests.emitOn(Infrastructure.getDefaultWorkerPool()).map(request -> {
            try {
                return matchOne(request);
            } catch (Failure f) {
                return MatchResponse.newBuilder().setError(Error.newBuilder().setType(f.type()).setDetail(f.getMessage())).build();
            } catch (HashMatching.IndexNotReadyException e) {
                return MatchResponse.newBuilder().setError(Error.newBuilder().setType("index-not-ready").setDetail(e.getMessage()))
                        .build();
            }
        });
    }

    private MatchResponse matchOne(MatchRequest request) {
        ContentStage stage = ContentStages.check(request.getStage());
        HashMatching.Medium medium = null;
        List<QuerySignal> query;
        switch (request.getSubjectCase()) {
            case MEDIA -> {
                byte[] bytes = request.getMedia().getData().toByteArray();
                medium = HashMatching.Medium.received(bytes, request.getMedia().getContentType());
                query = compute(bytes);
            }
            case SIGNALS -> query = parse(request.getSignals().getSignalsList());
            default -> throw Failure.invalid("missing-subject", "Nothing to match", "the request must carry media or signals");
        }
        HashMatching.Outcome outcome = matching.match(request.getContext(), request.getContentId(), stage, query, medium);
        MatchResponse.Builder r = MatchResponse.newBuilder().addAllViolationEventIds(outcome.violationEventIds());
        outcome.signals().forEach(s -> r.addSignals(toProto(s)));
        for (BankMatch m : outcome.matches()) {
            Match.Builder b = Match.newBuilder()
                    .setBank(m.bank().name())
                    .setEntryId(m.entry().id())
                    .setSignalType(m.entry().signalType())
                    .setDistance(m.distance())
                    .setAction(m.bank().action().toProto())
                    .setCategory(m.bank().category())
                    .setSource(m.bank().source())
                    .setTransform(m.transform());
            if (m.entry().externalId() != null) {
                b.setExternalId(m.entry().externalId());
            }
            if (m.signal().quality() != null) {
                b.setQuality(m.signal().quality());
            }
            r.addMatches(b);
        }
        r.setAction(outcome.action().map(a -> a.toProto()).orElse(MatchAction.MATCH_ACTION_UNSPECIFIED));
        return r.build();
    }

    private List<QuerySignal> compute(byte[] media) {
        try {
            return signals.compute(media);
        } catch (MediaRejectedException e) {
            throw HashFailures.media(e);
        }
    }

    private List<QuerySignal> parse(List<Signal> supplied) {
        if (supplied.isEmpty()) {
            throw Failure.invalid("no-signals", "No signals", "the request must carry at least one signal");
        }
        List<QuerySignals.SuppliedSignal> list = new ArrayList<>();
        for (Signal s : supplied) {
            list.add(new QuerySignals.SuppliedSignal(s.getType(), s.getValue(), s.hasQuality() ? s.getQuality() : null));
        }
        try {
            return signals.parse(list);
        } catch (InvalidHashException e) {
            throw Failure.invalid("invalid-signal", "Invalid signal", e.getMessage());
        }
    }

    private static Signal toProto(QuerySignal s) {
        Signal.Builder b = Signal.newBuilder().setType(s.type()).setValue(s.value());
        if (s.quality() != null) {
            b.setQuality(s.quality());
        }
        return b.build();
    }

    static StatusRuntimeException status(Failure f) {
        return GrpcFailures.status(f);
    }
}

package io.safetyplane.enforcement.grpc;

import io.quarkus.grpc.GrpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.contracts.enforcement.v1.Accounts;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.enforcement.v1.Standing;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.enforcement.standing.Standings;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;

/** gRPC {@code safety.enforcement.v1.Accounts}: the gates' standing lookup. */
@GrpcService
public class AccountsGrpcService implements Accounts {
    private final Standings standings;

    public AccountsGrpcService(Standings standings) {
        this.standings = standings;
    }

    @Override
    public Uni<Standing> getStanding(GetStandingRequest request) {
        if (request.getTenantId().isBlank() || request.getAccountId().isBlank()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT
                    .withDescription("invalid-request: tenant_id and account_id are required").asRuntimeException());
        }
        return Panache.withSession(() -> standings.of(request.getTenantId(), request.getAccountId(), request.getEndUserId()))
                .map(r -> Standing.newBuilder().setTenantId(request.getTenantId()).setAccountId(request.getAccountId())
                        .setEndUserId(request.getEndUserId()).setState(state(r.standing().level()))
                        .setUntilMillis(r.standing().until() == null ? 0 : r.standing().until().toEpochMilli())
                        .setKnown(r.known()).setPolicyAccepted(r.policyAccepted()).addAllSanctionIds(r.sanctionIds()).build());
    }

    static StandingState state(io.safetyplane.enforcement.ladder.Standing.Level level) {
        return switch (level) {
            case ACTIVE -> StandingState.STANDING_STATE_ACTIVE;
            case WARNED -> StandingState.STANDING_STATE_WARNED;
            case RESTRICTED -> StandingState.STANDING_STATE_RESTRICTED;
            case SUSPENDED -> StandingState.STANDING_STATE_SUSPENDED;
            case DISABLED -> StandingState.STANDING_STATE_DISABLED;
        };
    }
}

package io.safetyplane.enforcement.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.safetyplane.enforcement.standing.Standings;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** An account's standing for staff (the gates ask over gRPC, {@code Accounts.GetStanding}). */
@Path("/v1/tenants/{tenant}/accounts/{account}/standing")
@Tag(name = "accounts")
@RolesAllowed({ "reviewer", "senior-reviewer", "tipline-officer", "admin", "auditor" })
@Produces(MediaType.APPLICATION_JSON)
public class StandingResource {
    private final Standings standings;

    public StandingResource(Standings standings) {
        this.standings = standings;
    }

    /** The standing, as the gates see it. */
    public record StandingDto(String tenantId, String accountId, String endUserId, String standing, Instant until, boolean known,
            boolean policyAccepted, List<String> sanctionIds) {
    }

    @GET
    @WithSession
    @Operation(summary = "The standing of an account, or of one of a business's end users (?endUserId=)")
    public Uni<StandingDto> get(@PathParam("tenant") String tenant, @PathParam("account") String account,
            @QueryParam("endUserId") String endUserId) {
        String endUser = endUserId == null ? "" : endUserId;
        return standings.of(tenant, account, endUser).map(r -> new StandingDto(tenant, account, endUser,
                r.standing().level().name().toLowerCase(java.util.Locale.ROOT), r.standing().until(), r.known(), r.policyAccepted(),
                r.sanctionIds()));
    }
}

package io.safetyplane.enforcement.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.appeal.Appeals;
import io.safetyplane.enforcement.model.AppealEntity;
import io.safetyplane.enforcement.security.Party;
import io.safetyplane.enforcement.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Appeals (DSA art. 20): the affected user or their tenant files one against a sanction; reviewers list and decide them.
 */
@Path("/v1")
@Tag(name = "appeals")
@Produces(MediaType.APPLICATION_JSON)
public class AppealResource {
    private final Appeals appeals;
    private final SecurityIdentity identity;

    public AppealResource(Appeals appeals, SecurityIdentity identity) {
        this.appeals = appeals;
        this.identity = identity;
    }

    /** What the filer says against the sanction. */
    public record AppealRequest(@NotBlank @Size(max = Appeals.MAX_STATEMENT) String statement) {
    }

    /** A reviewer's decision, with the reasons given to the filer. */
    public record DecisionRequest(@NotNull @Pattern(regexp = "upheld|overturned") String outcome,
            @NotBlank @Size(max = Appeals.MAX_REASON) String reason) {
    }

    /** An appeal; {@code decidedBy} (a staff member) is shown to staff only. */
    public record AppealDto(UUID id, UUID sanctionId, String tenantId, String accountId, String endUserId, String filedBy,
            String filedAs, String statement, Instant filedAt, Instant decideBy, String state, String outcome, String decidedBy,
            Instant decidedAt, String reason) {

        static AppealDto of(AppealEntity a, boolean staff) {
            return new AppealDto(a.id, a.sanctionId, a.tenantId, a.accountId, a.endUserId, a.filedBy, a.filedAs, a.statement,
                    a.filedAt, a.decideBy, a.state, a.outcome, staff ? a.decidedBy : null, a.decidedAt, a.reason);
        }
    }

    @POST
    @Path("sanctions/{sanctionId}/appeals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.USER, Roles.TENANT })
    @Operation(summary = "Appeal a sanction (role user: the affected user; role tenant: their business customer), once, "
            + "within the appeal window")
    public Uni<Response> file(@PathParam("sanctionId") UUID sanctionId, @NotNull @Valid AppealRequest body) {
        Party filer = Party.of(identity);
        if (filer == null) {
            throw new ForbiddenException("the token names no tenant or account");
        }
        return appeals.file(sanctionId, filer, body.statement().strip()).map(a -> Response
                .created(URI.create("/v1/appeals/" + a.id)).entity(AppealDto.of(a, false)).build());
    }

    @GET
    @Path("appeals")
    @WithSession
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.ADMIN })
    @Operation(summary = "Open appeals, the most urgent first, or decided ones, the latest first")
    public Uni<List<AppealDto>> list(@QueryParam("state") @DefaultValue("open") @Pattern(regexp = "open|decided") String state,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return appeals.list(state, limit).map(list -> list.stream().map(a -> AppealDto.of(a, true)).toList());
    }

    @GET
    @Path("appeals/{id}")
    @WithSession
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.ADMIN, Roles.USER, Roles.TENANT })
    @Operation(summary = "One appeal: for reviewers, and for the filer's tenant or the affected user")
    public Uni<AppealDto> get(@PathParam("id") UUID id) {
        boolean staff = isReviewer();
        Party party = staff ? null : Party.of(identity);
        return appeals.get(id).map(a -> {
            if (!staff && (party == null || !party.actsFor(a.tenantId, a.accountId, a.endUserId))) {
                throw new ForbiddenException("the token does not speak for this appeal's account or end user");
            }
            return AppealDto.of(a, staff);
        });
    }

    @POST
    @Path("appeals/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.ADMIN })
    @Operation(summary = "Uphold or overturn an appeal (overturned lifts the sanction); not by the person who decided the sanction")
    public Uni<AppealDto> decide(@PathParam("id") UUID id, @NotNull @Valid DecisionRequest body) {
        return appeals.decide(id, body.outcome(), body.reason().strip(), Roles.actor(identity)).map(a -> AppealDto.of(a, true));
    }

    private boolean isReviewer() {
        return identity.hasRole(Roles.REVIEWER) || identity.hasRole(Roles.SENIOR_REVIEWER) || identity.hasRole(Roles.ADMIN);
    }
}

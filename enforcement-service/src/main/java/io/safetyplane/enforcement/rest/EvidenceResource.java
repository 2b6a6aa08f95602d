package io.safetyplane.enforcement.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.evidence.Destruction;
import io.safetyplane.enforcement.evidence.Dismissal;
import io.safetyplane.enforcement.evidence.EvidenceCryptoException;
import io.safetyplane.enforcement.evidence.EvidenceMapping;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.evidence.LegalHold;
import io.safetyplane.enforcement.evidence.Preservation;
import io.safetyplane.enforcement.evidence.PreservationException;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.Problems;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The evidence vault for staff. Metadata for every staff role; the bytes only for tipline officers, each read audited
 * with its purpose; a blurred greyscale preview for reviewers; legal holds and destruction on a law-enforcement request
 * for tipline officers and admins. The bytes never leave through any other route.
 */
@Path("/v1/evidence")
@Tag(name = "evidence")
@Produces(MediaType.APPLICATION_JSON)
public class EvidenceResource {
    private static final Logger LOG = Logger.getLogger(EvidenceResource.class);

    private final EvidenceVault vault;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Clock clock;

    public EvidenceResource(EvidenceVault vault, AuditLog audit, SecurityIdentity identity, Clock clock) {
        this.vault = vault;
        this.audit = audit;
        this.identity = identity;
        this.clock = clock;
    }

    /** What staff see of a piece of evidence: never the bytes. */
    public record EvidenceDto(UUID id, String tenantId, String accountId, String endUserId, String violationEventId, String category,
            UUID tiplineReportId, String fileName, String contentType, long sizeBytes, String md5, String sha256, String pdq, String stage,
            Instant receivedAt, Instant detectedAt, String status, Instant reportFiledAt, Instant preservedUntil, Instant purgeAfter,
            Dismissal dismissal, List<LegalHold> holds, Destruction destruction, Instant purgedAt) {

        static EvidenceDto of(EvidenceEntity e, Instant now) {
            Preservation p = EvidenceMapping.preservation(e);
            return new EvidenceDto(e.id, e.tenantId, e.accountId, e.endUserId, e.violationEventId, e.category, e.tiplineReportId,
                    e.fileName, e.contentType, e.sizeBytes, e.md5, e.sha256, e.pdq, e.stage, e.receivedAt, e.detectedAt,
                    p.status(now).name(), p.reportFiledAt(), p.preservedUntil().orElse(null), e.purgeAfter, p.dismissal(), p.holds(),
                    p.destruction(), p.purgedAt());
        }
    }

    /** A legal hold: the matter's reference, and until when (absent: until lifted). */
    public record HoldRequest(@NotBlank @Size(max = EvidenceVault.MAX_TEXT) String reference, Instant until) {
    }

    /** A law-enforcement request to destroy the evidence (18 U.S.C. §2258B(c)). */
    public record DestructionRequest(@NotBlank @Size(max = EvidenceVault.MAX_TEXT) String requestedBy,
            @NotBlank @Size(max = EvidenceVault.MAX_TEXT) String reference, @NotNull Instant requestedAt) {
    }

    @GET
    @WithTransaction
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR })
    @Operation(summary = "The evidence preserved for one violation, in the order it was preserved: metadata only (staff roles)")
    public Uni<List<EvidenceDto>> list(@QueryParam("violation") @Parameter(description = "the violation's event id", required = true)
            String violation) {
        if (violation == null || violation.isBlank()) {
            throw Failure.invalid(EvidenceVault.INVALID, "Invalid evidence request", "violation: the query parameter is required");
        }
        return vault.ofViolation(violation).flatMap(list -> audit.append(Roles.actor(identity), "evidence.listed",
                new AuditEntry.Subject("violation", violation), "evidence metadata listed", Map.of("count", String.valueOf(list.size())))
                .map(x -> list.stream().map(e -> EvidenceDto.of(e, clock.instant())).toList()));
    }

    @GET
    @Path("{id}")
    @WithTransaction
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR })
    @Operation(summary = "One piece of evidence: metadata and preservation status, never the bytes (staff roles)")
    public Uni<EvidenceDto> get(@PathParam("id") UUID id) {
        return vault.get(id).flatMap(e -> audit.append(Roles.actor(identity), "evidence.viewed", subject(e), "evidence metadata viewed",
                Map.of()).map(x -> EvidenceDto.of(e, clock.instant())));
    }

    @GET
    @Path("{id}/content")
    @WithTransaction
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Roles.TIPLINE_OFFICER)
    @Operation(summary = "The evidence's bytes, for tipline officers only; every read is audited with its purpose")
    @APIResponse(responseCode = "200", description = "the bytes, as an attachment, with the stored content type")
    @APIResponse(responseCode = "400", description = "no purpose given")
    @APIResponse(responseCode = "403", description = "not a tipline officer (admins included)")
    @APIResponse(responseCode = "410", description = "destroyed on request or purged")
    public Uni<Response> content(@PathParam("id") UUID id,
            @QueryParam("purpose") @Parameter(description = "why the evidence is read (or header Purpose)") String purposeParam,
            @HeaderParam("Purpose") String purposeHeader) {
        String purpose = purposeParam != null && !purposeParam.isBlank() ? purposeParam : purposeHeader;
        if (purpose == null || purpose.isBlank()) {
            throw Failure.invalid("purpose-required", "Purpose required",
                    "say why the evidence is read: query parameter or header 'purpose'");
        }
        if (purpose.length() > EvidenceVault.MAX_TEXT) {
            throw Failure.invalid(EvidenceVault.INVALID, "Invalid evidence request", "purpose: at most " + EvidenceVault.MAX_TEXT + " characters");
        }
        return vault.get(id).flatMap(e -> vault.open(e, Roles.actor(identity), purpose).map(bytes -> Response.ok(bytes, e.contentType)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename=\"" + e.fileName + "\"").build()));
    }

    @GET
    @Path("{id}/preview")
    @Produces("image/png")
    @RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "A blurred greyscale preview (PNG, at most 128 pixels a side) instead of the evidence; audited")
    @APIResponse(responseCode = "422", description = "no preview: not a supported image, corrupt or over the limits")
    @APIResponse(responseCode = "410", description = "destroyed on request or purged")
    public Uni<Response> preview(@PathParam("id") UUID id) {
        AuditEntry.Actor actor = Roles.actor(identity);
        return Panache.withTransaction(() -> vault.get(id).flatMap(e -> vault.openForPreview(e, actor)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(bytes -> Response.ok(vault.render(bytes), "image/png").header("Cache-Control", "no-store").build());
    }

    @POST
    @Path("{id}/legal-holds")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "Place a legal hold: preserved until it is lifted or its date passes (tipline officers, admins)")
    public Uni<EvidenceDto> placeHold(@PathParam("id") UUID id, @NotNull @Valid HoldRequest body) {
        return vault.placeHold(id, body.reference(), body.until(), Roles.actor(identity)).map(e -> EvidenceDto.of(e, clock.instant()));
    }

    @POST
    @Path("{id}/legal-holds/{reference}/lift")
    @WithTransaction
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "Lift a legal hold (tipline officers, admins)")
    public Uni<EvidenceDto> liftHold(@PathParam("id") UUID id, @PathParam("reference") String reference) {
        return vault.liftHold(id, reference, Roles.actor(identity)).map(e -> EvidenceDto.of(e, clock.instant()));
    }

    @POST
    @Path("{id}/destruction")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "Destroy the bytes on a law-enforcement request (18 U.S.C. §2258B(c)); refused while a legal hold is in force")
    @APIResponse(responseCode = "409", description = "a legal hold is in force")
    public Uni<EvidenceDto> destroy(@PathParam("id") UUID id, @NotNull @Valid DestructionRequest body) {
        return vault.destroy(id, body.requestedBy(), body.reference(), body.requestedAt(), Roles.actor(identity))
                .map(e -> EvidenceDto.of(e, clock.instant()));
    }

    /** Destroyed or purged: 410; any other refused transition is a {@code Failure} CONFLICT already. */
    @ServerExceptionMapper
    public Response gone(PreservationException e) {
        if (e.reason() == PreservationException.Reason.GONE) {
            return Problems.response(410, "evidence-gone", "Evidence gone", e.getMessage());
        }
        return Problems.response(409, EvidenceVault.CONFLICT, "Not allowed in the evidence's state", e.getMessage());
    }

    /** Stored bytes that do not open: an alert for the operators, never wrong bytes for the caller. */
    @ServerExceptionMapper
    public Response unreadable(EvidenceCryptoException e) {
        if (e.reason() == EvidenceCryptoException.Reason.UNAVAILABLE) {
            return Response.fromResponse(Problems.response(503, "key-service-unavailable", "Key service unavailable", e.getMessage()))
                    .header("Retry-After", "5").build();
        }
        LOG.errorf("evidence does not open (%s): %s", e.reason(), e.getMessage());
        return Problems.response(500, "evidence-unreadable", "Evidence unreadable",
                "the stored evidence does not open (" + e.reason() + "); it was logged");
    }

    private static AuditEntry.Subject subject(EvidenceEntity e) {
        return new AuditEntry.Subject(EvidenceVault.SUBJECT, e.id.toString());
    }
}

package io.safetyplane.enforcement.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.cybertipline.SchemaError;
import io.safetyplane.cybertipline.job.FileProgress;
import io.safetyplane.cybertipline.job.ReportRecord;
import io.safetyplane.cybertipline.job.ReportState;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.enforcement.tipline.ReportDesk;
import io.safetyplane.service.Failure;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

/** The CyberTipline report queue for tipline officers: reports and their state, retry, and retract before filing. */
@Path("/v1/tipline/reports")
@Tag(name = "tipline")
@Produces(MediaType.APPLICATION_JSON)
public class TiplineReportResource {
    private final ReportDesk desk;
    private final SecurityIdentity identity;

    public TiplineReportResource(ReportDesk desk, SecurityIdentity identity) {
        this.desk = desk;
        this.identity = identity;
    }

    /** Why the report is abandoned. */
    public record RetractRequest(@NotBlank @Size(max = ReportDesk.MAX_REASON) String reason) {
    }

    public record Target(String tenantId, String accountId, String endUserId) {
    }

    /** A file of the report: the evidence it comes from (null when unknown) and its progress at NCMEC (null before upload). */
    public record FileDto(UUID evidenceId, String fileName, String fileId, String state) {
    }

    public record HoldDto(String reason, boolean alert, List<SchemaError> errors) {
    }

    /** A report in the list. */
    public record Summary(UUID id, String state, String basis, Target target, String category, Instant incidentAt, Long ncmecReportId,
            int attempts, String lastError, Instant nextAttemptAt, Instant finishedAt, Instant createdAt) {

        static Summary of(TiplineReportEntity r) {
            return new Summary(r.id, r.state, r.basis, new Target(r.tenantId, r.accountId, r.endUserId), r.category, r.incidentAt,
                    r.ncmecReportId, r.attempts, r.lastError, r.nextAttemptAt, r.finishedAt, r.createdAt);
        }
    }

    /** One report in full. */
    public record Detail(UUID id, String state, String basis, Target target, String violationEventId, UUID reviewItemId, String category,
            Instant incidentAt, String confirmedBy, Long ncmecReportId, List<FileDto> files, HoldDto hold, int attempts, String lastError,
            List<Long> abandonedReportIds, Instant nextAttemptAt, Instant finishedAt, Instant createdAt, Instant updatedAt) {

        static Detail of(ReportDesk.Report report) {
            TiplineReportEntity r = report.row();
            ReportRecord j = report.record();
            List<FileDto> files = new ArrayList<>();
            Set<String> named = new HashSet<>();
            for (EvidenceEntity e : report.evidence()) {
                FileProgress p = j.file(e.fileName).orElse(null);
                named.add(e.fileName);
                files.add(new FileDto(e.id, e.fileName, p == null ? null : p.fileId(), p == null ? null : p.state().name()));
            }
            for (FileProgress p : j.files()) {
                if (!named.contains(p.fileName())) {
                    files.add(new FileDto(null, p.fileName(), p.fileId(), p.state().name()));
                }
            }
            HoldDto hold = j.hold() == null ? null : new HoldDto(j.hold().reason(), j.hold().alert(), j.hold().schemaErrors());
            return new Detail(r.id, r.state, r.basis, new Target(r.tenantId, r.accountId, r.endUserId), r.violationEventId, r.reviewItemId,
                    r.category, r.incidentAt, r.confirmedBy, r.ncmecReportId, files, hold, r.attempts, r.lastError, j.abandonedReportIds(),
                    r.nextAttemptAt, r.finishedAt, r.createdAt, r.updatedAt);
        }
    }

    /** The state after an action. */
    public record ActionResult(UUID id, String state) {
    }

    @GET
    @WithSession
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR })
    @Operation(summary = "CyberTipline reports, newest first, optionally in one state (PENDING, SUBMITTED, FINISHED, HELD, RETRACTED)")
    public Uni<List<Summary>> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset) {
        return desk.list(state(state), limit, offset).map(list -> list.stream().map(Summary::of).toList());
    }

    @GET
    @Path("{id}")
    @WithSession
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR })
    @Operation(summary = "One CyberTipline report: its state, files, hold, attempts and NCMEC report ids")
    public Uni<Detail> get(@PathParam("id") UUID id) {
        return desk.get(id).map(Detail::of);
    }

    @POST
    @Path("{id}/retry")
    @Blocking
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "Release a held report (after fixing its cause) or send a waiting one now; 409 once filed or retracted")
    public ActionResult retry(@PathParam("id") UUID id) {
        return new ActionResult(id, desk.retry(id, Roles.actor(identity)).name());
    }

    @POST
    @Path("{id}/retract")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.TIPLINE_OFFICER, Roles.ADMIN })
    @Operation(summary = "Abandon a report before it is filed (retracted at NCMEC when open there); 409 once filed")
    public ActionResult retract(@PathParam("id") UUID id, @NotNull @Valid RetractRequest body) {
        return new ActionResult(id, desk.retract(id, Roles.actor(identity), body.reason().strip()).name());
    }

    private static ReportState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ReportState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-tipline-state", "Invalid state", "state must be one of PENDING, SUBMITTED, FINISHED, HELD, RETRACTED; got '"
                    + state + "'");
        }
    }
}

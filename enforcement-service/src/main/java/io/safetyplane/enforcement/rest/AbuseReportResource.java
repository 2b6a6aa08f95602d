package io.safetyplane.enforcement.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.safetyplane.enforcement.report.AbuseReportGate;
import io.safetyplane.enforcement.report.AbuseReports;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** The public abuse-report form: anyone, no account (rate-limited and size-checked by {@link AbuseReportGate}). */
@Path(AbuseReportGate.PATH)
@Tag(name = "abuse reports")
@PermitAll
public class AbuseReportResource {
    private final AbuseReports reports;

    public AbuseReportResource(AbuseReports reports) {
        this.reports = reports;
    }

    /** An abuse report; {@code category} is one of the ladder's categories or {@code other}. */
    public record AbuseReportRequest(@NotBlank String category, @NotBlank String description, @NotBlank @Size(max = 2048) String contentRef,
            @Size(max = 200) String tenantId, @Size(max = 200) String accountId, @Size(max = 320) String contact) {
    }

    /** The acknowledgement: the report's id. */
    public record Receipt(UUID id) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Report abuse (no authentication): answered 202 with the report's id; it is queued for review")
    public Uni<RestResponse<Receipt>> report(@Valid @NotNull AbuseReportRequest body, @Context HttpServerRequest request) {
        return reports.file(new AbuseReports.Report(body.category(), body.description(), body.contentRef(), body.tenantId(),
                body.accountId(), body.contact()), AbuseReportGate.clientAddress(request))
                .map(e -> RestResponse.status(RestResponse.Status.ACCEPTED, new Receipt(e.id)));
    }
}

package io.safetyplane.enforcement.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.enforcement.transparency.ReportFormat;
import io.safetyplane.enforcement.transparency.ReportPeriod;
import io.safetyplane.enforcement.transparency.TransparencyReports;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The transparency report of a period, as JSON, CSV or Markdown. */
@Path("/v1/transparency-report")
@Tag(name = "transparency")
@RolesAllowed({ Roles.AUDITOR, Roles.ADMIN })
public class TransparencyReportResource {
    private final TransparencyReports reports;

    public TransparencyReportResource(TransparencyReports reports) {
        this.reports = reports;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, "text/csv", "text/markdown" })
    @Operation(summary = "The transparency report's figures from `from` (inclusive) to `to` (exclusive), UTC days, at most 366 days "
            + "(roles auditor, admin); JSON, CSV or Markdown by Accept or ?format=")
    public Uni<Response> report(@QueryParam("from") @Parameter(description = "first day, YYYY-MM-DD") String from,
            @QueryParam("to") @Parameter(description = "the day after the last, YYYY-MM-DD (exclusive)") String to,
            @QueryParam("format") @Parameter(description = "json, csv or markdown; overrides Accept") String format,
            @Context HttpHeaders headers) {
        ReportFormat chosen = ReportFormat.choose(format, headers.getAcceptableMediaTypes());
        return reports.report(ReportPeriod.parse(from, to)).map(r -> Response.ok(chosen.render(r), chosen.mediaType).build());
    }
}

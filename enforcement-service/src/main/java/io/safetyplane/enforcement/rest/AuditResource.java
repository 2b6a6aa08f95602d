package io.safetyplane.enforcement.rest;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.safetyplane.enforcement.audit.AuditChain;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The audit log for auditors: read it page by page, and check its hash chain. */
@Path("/v1/audit-log")
@Tag(name = "audit")
@RolesAllowed("auditor")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final int PAGE = 1000;

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @WithSession
    @Operation(summary = "Audit entries after a sequence number, oldest first (role auditor)")
    public Uni<List<AuditEntry>> read(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return log.read(Math.max(0, after), Math.max(1, Math.min(limit, PAGE)));
    }

    @GET
    @Path("verification")
    @WithSession
    @Operation(summary = "Check the whole hash chain (role auditor); compare the last hash with a checkpoint kept outside the log")
    public Uni<AuditChain.Verification> verify() {
        return collect(0, new ArrayList<>()).map(AuditChain::verify);
    }

    private Uni<List<AuditEntry>> collect(long after, List<AuditEntry> into) {
        return log.read(after, PAGE).flatMap(page -> {
            into.addAll(page);
            return page.size() < PAGE ? Uni.createFrom().item(into) : collect(page.get(page.size() - 1).sequence(), into);
        });
    }
}

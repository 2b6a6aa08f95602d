package io.safetyplane.enforcement.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.notification.NoticeView;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Written notices (statements of reasons) for staff, for the tenant they were sent to, and for the affected user
 * itself. A caller who may not read a notice learns nothing of it: 404, as for one that does not exist.
 */
@Path("/v1/notices")
@Tag(name = "notices")
@RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR, Roles.TENANT, Roles.USER })
@Produces(MediaType.APPLICATION_JSON)
public class NoticeResource {
    private final SecurityIdentity identity;

    public NoticeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "A notice: staff, the tenant it was sent to, or the user it concerns")
    public Uni<NoticeView> get(@PathParam("id") UUID id) {
        return NoticeEntity.<NoticeEntity>findById(id).flatMap(n -> {
            if (n == null || !Roles.mayRead(identity, n.tenantId, n.accountId, n.endUserId)) {
                return Uni.createFrom().failure(new Failure(Failure.Kind.NOT_FOUND, "notice-not-found", "Notice not found",
                        "no notice " + id + " for this caller"));
            }
            return NoticeDeliveryEntity.<NoticeDeliveryEntity>findById(n.id).map(d -> NoticeView.of(n, d));
        });
    }
}

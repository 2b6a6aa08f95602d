package io.safetyplane.enforcement.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.notification.NoticeView;
import io.safetyplane.enforcement.security.Party;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A tenant's notices, for staff, for that tenant, and for the affected user (its own only). */
@Path("/v1/tenants/{tenant}/notices")
@Tag(name = "notices")
@RolesAllowed({ Roles.REVIEWER, Roles.SENIOR_REVIEWER, Roles.TIPLINE_OFFICER, Roles.ADMIN, Roles.AUDITOR, Roles.TENANT, Roles.USER })
@Produces(MediaType.APPLICATION_JSON)
public class TenantNoticeResource {
    private final SecurityIdentity identity;

    public TenantNoticeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @WithSession
    @Operation(summary = "A tenant's notices, oldest first, optionally of one account or end user; page on with after=<last id>. "
            + "A user token sees only its own.")
    public Uni<List<NoticeView>> list(@PathParam("tenant") String tenant, @QueryParam("accountId") String accountId,
            @QueryParam("endUserId") String endUserId, @QueryParam("after") String afterId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        String account = accountId;
        String endUser = endUserId;
        if (!Roles.isStaff(identity) && !Roles.isTenant(identity, tenant)) {
            // a user sees the notices of its own target only
            Party user = Party.of(identity);
            if (user == null || user.isTenant() || !user.tenantId().equals(tenant)
                    || (accountId != null && !accountId.equals(user.accountId()))
                    || (endUserId != null && !endUserId.equals(user.endUserId()))) {
                throw new ForbiddenException();
            }
            account = user.accountId();
            endUser = user.endUserId();
        }
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Parameters p = Parameters.with("tenant", tenant);
        if (account != null) {
            q.append(" and accountId = :account");
            p.and("account", account);
        }
        if (endUser != null) {
            q.append(" and endUserId = :endUser");
            p.and("endUser", endUser);
        }
        String query = q.toString();
        UUID after = cursor(afterId);
        Uni<NoticeEntity> cursor = after == null ? Uni.createFrom().nullItem() : NoticeEntity.findById(after);
        return cursor.flatMap(c -> {
            if (after != null && (c == null || !c.tenantId.equals(tenant))) {
                return Uni.createFrom().failure(Failure.invalid("invalid-cursor", "Unknown cursor", "after: no notice " + after + " of this tenant"));
            }
            String page = c == null ? query : query + " and (createdAt > :at or (createdAt = :at and id > :id))";
            if (c != null) {
                p.and("at", c.createdAt).and("id", c.id);
            }
            return NoticeEntity.<NoticeEntity>find(page + " order by createdAt, id", p).page(0, limit).list();
        }).flatMap(notices -> notices.isEmpty() ? Uni.createFrom().item(List.<NoticeView>of())
                : NoticeDeliveryEntity.<NoticeDeliveryEntity>list("noticeId in ?1", notices.stream().map(n -> n.id).toList())
                        .map(deliveries -> {
                            Map<UUID, NoticeDeliveryEntity> byId = deliveries.stream()
                                    .collect(Collectors.toMap(d -> d.noticeId, Function.identity()));
                            return notices.stream().map(n -> NoticeView.of(n, byId.get(n.id))).toList();
                        }));
    }

    private static UUID cursor(String after) {
        try {
            return after == null ? null : UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-cursor", "Unknown cursor", "after: the id of a notice");
        }
    }
}

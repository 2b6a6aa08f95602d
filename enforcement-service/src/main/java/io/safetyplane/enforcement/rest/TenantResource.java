package io.safetyplane.enforcement.rest;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.model.AccountEntity;
import io.safetyplane.enforcement.model.TenantEntity;
import io.safetyplane.enforcement.notification.WebhookSignature;
import io.safetyplane.enforcement.security.Roles;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Tenants (business customers, and the tenant of individual accounts), their accounts, and the accounts' acceptance
 * of the acceptable use policy. Admins register tenants and their webhook; a tenant registers its accounts; the
 * account itself (or its tenant) accepts the policy. Every change is audited; the webhook secret is never returned.
 */
@Path("/v1/tenants/{tenant}")
@Tag(name = "tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final SecurityIdentity identity;
    private final AuditLog audit;
    private final Clock clock;
    private final String aupVersion;

    public TenantResource(SecurityIdentity identity, AuditLog audit, Clock clock, EnforcementConfig config) {
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
        this.aupVersion = config.aupVersion();
    }

    /**
     * A tenant as written by an admin.
     *
     * @param webhookUrl where notices are sent: https, or http to a loopback address only; absent: none (they wait)
     * @param webhookSecret {@code whsec_} and the base64 of 24 to 64 random bytes, the key of the Standard Webhooks
     *        signature; absent: keep the current one. Never returned.
     */
    public record TenantRequest(@NotBlank @Size(max = 200) String name, @NotNull @jakarta.validation.constraints.Pattern(
            regexp = "business|individual", message = "business or individual") String kind, @Size(max = 2000) String webhookUrl,
            @Size(max = 200) String webhookSecret) {
    }

    public record TenantView(String id, String name, String kind, String webhookUrl, boolean webhookSecretSet, Instant createdAt) {
        static TenantView of(TenantEntity t) {
            return new TenantView(t.id, t.name, t.kind, t.webhookUrl, t.webhookSecret != null, t.createdAt);
        }
    }

    public record AccountView(String tenantId, String accountId, Instant createdAt, String aupVersion, Instant aupAcceptedAt,
            boolean adultAttested) {
        static AccountView of(AccountEntity a) {
            return new AccountView(a.tenantId, a.id, a.createdAt, a.aupVersion, a.aupAcceptedAt, a.adultAttested);
        }
    }

    /** An account's acceptance of the acceptable use policy, with the attestation that the user is 18 or older. */
    public record PolicyAcceptance(@NotBlank @Size(max = 100) String aupVersion, @NotNull Boolean adultAttested) {
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Register or change a tenant and its notice webhook (role admin)")
    public Uni<Response> put(@PathParam("tenant") String tenant, @NotNull @Valid TenantRequest body) {
        id("tenant", tenant);
        String url = body.webhookUrl() == null || body.webhookUrl().isBlank() ? null : webhookUrl(body.webhookUrl());
        if (body.webhookSecret() != null) {
            try {
                WebhookSignature.key(body.webhookSecret());
            } catch (IllegalArgumentException e) {
                throw Failure.invalid("invalid-webhook-secret", "Invalid webhook secret", "webhookSecret: " + e.getMessage());
            }
        }
        return TenantEntity.<TenantEntity>findById(tenant).flatMap(existing -> {
            TenantEntity t = existing == null ? new TenantEntity() : existing;
            String secret = body.webhookSecret() != null ? body.webhookSecret() : t.webhookSecret;
            if (url != null && secret == null) {
                return Uni.createFrom().failure(Failure.invalid("webhook-secret-required", "Webhook secret required",
                        "webhookSecret: a webhook needs a secret to sign its notices"));
            }
            boolean created = existing == null;
            if (created) {
                t.id = tenant;
                t.createdAt = clock.instant();
            }
            t.name = body.name().strip();
            t.kind = body.kind();
            t.webhookUrl = url;
            t.webhookSecret = secret;
            return t.persist()
                    .flatMap(x -> audit.append(Roles.actor(identity), created ? "tenant.registered" : "tenant.changed",
                            new AuditEntry.Subject("tenant", tenant), created ? "tenant registered" : "tenant changed",
                            Map.of("name", t.name, "kind", t.kind, "webhookUrl", url == null ? "" : url,
                                    "webhookSecret", body.webhookSecret() != null ? "replaced" : secret == null ? "none" : "kept")))
                    .map(x -> Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(TenantView.of(t)).build());
        });
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.TENANT })
    @WithSession
    @Operation(summary = "A tenant, without its webhook secret (role admin, or that tenant)")
    public Uni<TenantView> get(@PathParam("tenant") String tenant) {
        actingFor(tenant);
        return tenant(tenant).map(TenantView::of);
    }

    @PUT
    @Path("accounts/{account}")
    @RolesAllowed({ Roles.ADMIN, Roles.TENANT })
    @WithTransaction
    @Operation(summary = "Register an account of the tenant (role admin, or that tenant)")
    public Uni<Response> putAccount(@PathParam("tenant") String tenant, @PathParam("account") String account) {
        actingFor(tenant);
        id("account", account);
        return tenant(tenant).flatMap(t -> AccountEntity.<AccountEntity>findById(new AccountEntity.Key(tenant, account)))
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(Response.ok(AccountView.of(existing)).build());
                    }
                    AccountEntity a = new AccountEntity();
                    a.tenantId = tenant;
                    a.id = account;
                    a.createdAt = clock.instant();
                    return a.persist().flatMap(x -> audit.append(Roles.actor(identity), "account.registered",
                            new AuditEntry.Subject("account", tenant + "/" + account), "account registered", Map.of()))
                            .map(x -> Response.status(Response.Status.CREATED).entity(AccountView.of(a)).build());
                });
    }

    @POST
    @Path("accounts/{account}/policy-acceptances")
    @RolesAllowed({ Roles.TENANT, Roles.USER })
    @WithTransaction
    @Operation(summary = "Record the account's acceptance of the current acceptable use policy, with the 18+ attestation "
            + "(that tenant, or the account's own user)")
    public Uni<AccountView> accept(@PathParam("tenant") String tenant, @PathParam("account") String account,
            @NotNull @Valid PolicyAcceptance body) {
        if (!Roles.isTenant(identity, tenant) && !Roles.isUser(identity, tenant, account, "")) {
            throw new ForbiddenException();
        }
        return AccountEntity.<AccountEntity>findById(new AccountEntity.Key(tenant, account)).flatMap(a -> {
            if (a == null) {
                return Uni.createFrom().failure(new Failure(Failure.Kind.NOT_FOUND, "account-not-found", "Account not found",
                        "no account " + account + " of tenant " + tenant));
            }
            if (!aupVersion.equals(body.aupVersion())) {
                return Uni.createFrom().failure(new Failure(Failure.Kind.UNPROCESSABLE, "aup-version-not-current",
                        "Not the current policy", "aupVersion: the current acceptable use policy is version " + aupVersion,
                        Map.of("currentVersion", aupVersion)));
            }
            if (!body.adultAttested()) {
                return Uni.createFrom().failure(new Failure(Failure.Kind.UNPROCESSABLE, "adult-attestation-required",
                        "Adult attestation required", "adultAttested: the service is for people aged 18 or older"));
            }
            a.aupVersion = body.aupVersion();
            a.aupAcceptedAt = clock.instant();
            a.adultAttested = true;
            return audit.append(Roles.actor(identity), "policy.accepted", new AuditEntry.Subject("account", tenant + "/" + account),
                    "acceptable use policy accepted", Map.of("aupVersion", a.aupVersion, "adultAttested", "true"))
                    .map(x -> AccountView.of(a));
        });
    }

    /** An admin, or the tenant itself; anyone else is refused before anything is looked up. */
    private void actingFor(String tenant) {
        if (!identity.hasRole(Roles.ADMIN) && !Roles.isTenant(identity, tenant)) {
            throw new ForbiddenException();
        }
    }

    private static Uni<TenantEntity> tenant(String tenant) {
        return TenantEntity.<TenantEntity>findById(tenant).onItem().ifNull().failWith(() -> new Failure(Failure.Kind.NOT_FOUND,
                "tenant-not-found", "Tenant not found", "no tenant " + tenant));
    }

    private static void id(String what, String id) {
        if (!ID.matcher(id).matches()) {
            throw Failure.invalid("invalid-id", "Invalid id", what + ": letters, digits and . _ : @ -, at most 128");
        }
    }

    /** An absolute https URL, or http to a loopback address (a local receiver); no user info. */
    static String webhookUrl(String url) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw badUrl("not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
            throw badUrl("an absolute URL with a host, without user info or fragment");
        }
        if (scheme.equals("https") || (scheme.equals("http") && loopback(u.getHost()))) {
            return u.toString();
        }
        throw badUrl("https, or http only to a loopback address");
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // a name other than localhost is not resolved here
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Failure badUrl(String why) {
        return Failure.invalid("invalid-webhook-url", "Invalid webhook URL", "webhookUrl: " + why);
    }
}

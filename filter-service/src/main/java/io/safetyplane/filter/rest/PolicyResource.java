package io.safetyplane.filter.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.Category;
import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.filter.service.PolicyAdmin;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.Problems;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Tenant policy administration; every operation needs a JWT with role {@value #ROLE}. A policy's
 * ETag is its revision: send it back in {@code If-Match} so that a change made meanwhile by someone
 * else is not overwritten ({@code 412 revision-mismatch}); {@code If-None-Match: *} creates only.
 */
@Path("/v1")
@Tag(name = "tenant policies")
@RolesAllowed(PolicyResource.ROLE)
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {
    public static final String ROLE = "policy-admin";
    private static final Set<String> FIELDS = Set.of("categoryActions", "denyTerms", "allowPhrases");

    private final PolicyAdmin admin;
    private final PromptFilter engine;
    private final FilterServiceConfig config;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public PolicyResource(PolicyAdmin admin, TenantPolicies policies, FilterServiceConfig config, SecurityIdentity identity,
            ObjectMapper json) {
        this.admin = admin;
        this.engine = policies.engine();
        this.config = config;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Path("policy")
    @Operation(summary = "The global policy: version, languages, prompt size limit, open tenants, and every category's "
            + "severity, action and MLCommons hazards")
    public Dto.GlobalPolicyView global() {
        return new Dto.GlobalPolicyView(engine.policyVersion(), engine.languages(), engine.maxPromptChars(),
                config.openTenants(), Arrays.stream(Category.values()).map(c -> new Dto.CategorySettingView(c.id(), c.description(),
                        engine.settings().get(c).severity().name().toLowerCase(Locale.ROOT), engine.settings().get(c).action().id(),
                        c.hazards())).toList());
    }

    @GET
    @Path("tenants")
    @Operation(summary = "List tenants: those with a policy and the open ones")
    public List<PolicyAdmin.TenantSummary> list() {
        return admin.list();
    }

    @GET
    @Path("tenants/{tenant}/policy")
    @Operation(summary = "A tenant's policy; its ETag is the revision")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Dto.PolicyView.class)))
    @APIResponse(responseCode = "404", description = "unknown-tenant", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Response get(@RestPath String tenant) {
        TenantPolicies.Tenant t = admin.get(tenant);
        return Response.ok(view(t.record(), t.problems())).tag(etag(t.revision())).build();
    }

    @PUT
    @Path("tenants/{tenant}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a tenant's whole policy (creating the tenant): category actions, deny terms with their "
            + "category, allow-phrases. Applied on every replica within seconds; answered once applied here.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.PolicyRequest.class)))
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "The revision read, as its ETag: \"3\"")
    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, description = "* to create the tenant only if it has no policy")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = Dto.PolicyView.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = Dto.PolicyView.class)))
    @APIResponse(responseCode = "412", description = "revision-mismatch", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "invalid-policy, with every problem in errors",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Response put(@RestPath String tenant, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("If-None-Match") String ifNoneMatch, JsonNode body) {
        PolicyAdmin.PolicyInput input = input(tenant, body);
        PolicyChange written = admin.put(tenant, input, precondition(ifMatch, ifNoneMatch), actor());
        Dto.PolicyView view = view(written, List.of());
        Response.ResponseBuilder r = written.getRevision() == 1
                ? Response.created(URI.create("/v1/tenants/" + tenant + "/policy"))
                : Response.ok();
        return r.entity(view).tag(etag(written.getRevision())).build();
    }

    @DELETE
    @Path("tenants/{tenant}/policy")
    @Operation(summary = "Delete a tenant's policy; its checks are refused afterwards (unknown-tenant) unless it is an open tenant")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "The revision read, as its ETag: \"3\"")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "unknown-tenant", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Response delete(@RestPath String tenant, @HeaderParam("If-Match") String ifMatch) {
        admin.delete(tenant, precondition(ifMatch, null), actor());
        return Response.noContent().build();
    }

    private Dto.PolicyView view(PolicyChange record, List<String> problems) {
        return Dto.PolicyView.of(record, admin.effectiveActions(record), engine.policyVersion(), problems);
    }

    private String actor() {
        return identity.getPrincipal() == null ? "unknown" : identity.getPrincipal().getName();
    }

    private static EntityTag etag(long revision) {
        return new EntityTag(String.valueOf(revision));
    }

    /** Unknown fields are refused rather than ignored: a misspelt list would otherwise silently empty the policy. */
    private PolicyAdmin.PolicyInput input(String tenant, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw Failure.invalid("malformed-json", "Malformed JSON", "a JSON object with the tenant's policy is required");
        }
        if (!body.isObject()) {
            throw Failure.invalid("malformed-json", "Malformed JSON", "the policy must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add("unknown field '" + f + "'; the fields are " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        });
        if (!unknown.isEmpty()) {
            throw new Failure(Failure.Kind.UNPROCESSABLE, "invalid-policy", "Invalid tenant policy",
                    unknown.size() + " problem(s) with the policy of tenant " + tenant + "; nothing was changed",
                    Map.of("errors", unknown));
        }
        try {
            Dto.PolicyRequest r = json.treeToValue(body, Dto.PolicyRequest.class);
            return new PolicyAdmin.PolicyInput(r.categoryActions(),
                    r.denyTerms() == null ? null
                            : r.denyTerms().stream().map(t -> t == null ? null : new PolicyAdmin.DenyTermInput(t.term(), t.category()))
                                    .toList(),
                    r.allowPhrases());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw Failure.invalid("malformed-json", "Malformed JSON", message);
        }
    }

    private static PolicyAdmin.Precondition precondition(String ifMatch, String ifNoneMatch) {
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw Failure.invalid("invalid-precondition", "Invalid precondition", "only If-None-Match: * is supported");
            }
            if (ifMatch != null && !ifMatch.isBlank()) {
                throw Failure.invalid("invalid-precondition", "Invalid precondition", "send If-Match or If-None-Match, not both");
            }
            return PolicyAdmin.Precondition.absent();
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return PolicyAdmin.Precondition.any();
        }
        String tag = ifMatch.strip();
        if (tag.equals("*")) {
            return PolicyAdmin.Precondition.present();
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long revision = Long.parseLong(tag);
            if (revision < 1) {
                throw new NumberFormatException();
            }
            return PolicyAdmin.Precondition.revision(revision);
        } catch (NumberFormatException e) {
            throw Failure.invalid("invalid-precondition", "Invalid precondition",
                    "If-Match must be the ETag of a revision read from this API, such as \"3\"");
        }
    }
}

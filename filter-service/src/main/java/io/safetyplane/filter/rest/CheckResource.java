package io.safetyplane.filter.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.safetyplane.filter.engine.InvalidPromptException;
import io.safetyplane.filter.engine.PromptText;
import io.safetyplane.filter.service.PromptChecks;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.Problems;
import io.safetyplane.service.rest.RequestContextDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The prompt gate for the platform and for people. It takes no staff token: like the hash-service's
 * matching API it serves the platform's gates inside the service mesh, where mutual TLS and network
 * policies admit only those callers.
 */
@Path("/v1")
@Tag(name = "prompts")
public class CheckResource {
    private final PromptChecks checks;
    private final ObjectMapper json;

    public CheckResource(PromptChecks checks, ObjectMapper json) {
        this.checks = checks;
        this.json = json;
    }

    @POST
    @Path("prompts:check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a prompt against the global policy and the tenant's own",
            description = "Every verdict emits a Decision on safety.decisions.v1; a block_and_report verdict also emits a "
                    + "Violation on safety.violations.v1 and is answered only once Kafka has it (503 violation-not-recorded "
                    + "otherwise: fail closed and retry with the same requestId). The body must be UTF-8 JSON.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.CheckRequest.class)))
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.CheckResponse.class)))
    @APIResponse(responseCode = "400", description = "missing-prompt, empty-prompt, invalid-prompt (with reason), invalid-utf8, "
            + "invalid-context, malformed-json", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown-tenant", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "prompt-too-long", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-content-type", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "policy-not-ready, violation-not-recorded",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Dto.CheckResponse check(byte[] body) {
        Dto.CheckRequest request = parse(body);
        RequestContextDto context = request.context() == null
                ? new RequestContextDto(null, null, null, null, null, null, null)
                : request.context();
        PromptChecks.Outcome outcome = checks.check(context.toProto(), request.prompt(), "");
        return Dto.CheckResponse.of(context, outcome);
    }

    /** The body as strict UTF-8, then as JSON: a prompt with invalid bytes is refused, never repaired. */
    private Dto.CheckRequest parse(byte[] body) {
        String text;
        try {
            text = PromptText.decodeUtf8(body);
        } catch (InvalidPromptException e) {
            throw Failure.invalid("invalid-utf8", "Invalid UTF-8",
                    "the request body is not valid UTF-8; invalid bytes are refused, never repaired");
        }
        if (text.isBlank()) {
            throw Failure.invalid("malformed-json", "Malformed JSON", "the body is empty; send {\"context\": {...}, \"prompt\": \"...\"}");
        }
        try {
            Dto.CheckRequest request = json.readValue(text, Dto.CheckRequest.class);
            if (request == null) {
                throw Failure.invalid("malformed-json", "Malformed JSON", "the body must be a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw Failure.invalid("malformed-json", "Malformed JSON", e.getOriginalMessage());
        }
    }
}

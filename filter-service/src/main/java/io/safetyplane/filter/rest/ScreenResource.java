package io.safetyplane.filter.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.InvalidPromptException;
import io.safetyplane.filter.engine.PromptText;
import io.safetyplane.filter.service.BeforeGenerationGate;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.Problems;
import io.safetyplane.service.rest.RequestContextDto;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The before-generation gate for the platform: one call per generation request, before any generation runs. Like
 * {@code prompts:check} it takes no staff token; it serves the platform API inside the service mesh.
 */
@Path("/v1")
@Tag(name = "gate")
public class ScreenResource {
    private static final String DESCRIPTION = "Reads the account's standing at the enforcement-service (cached briefly) while the "
            + "prompt is checked; for an init image, matches it against the hash banks (hash-service) and classifies it "
            + "(classifier-service) at the same time, unless the standing already blocks. The decision is the strictest "
            + "of the checks. A hash match of a reporting bank is preserved as evidence and its violation emitted by the "
            + "hash-service. Fails closed: a check that cannot be done never lets a request through; when another check "
            + "blocks the block is answered with `unavailable` naming the missing checks, otherwise 503 check-unavailable "
            + "with `checks`. A downstream's refusal of the image is answered with its type (415 unsupported-media, 413 "
            + "media-too-large, 422 corrupt-media, ...).";
    private static final String ERRORS_400 = "invalid-context (tenantId and accountId are required), missing-request, "
            + "malformed-json, invalid-utf8, missing-prompt, empty-prompt, invalid-prompt, empty-media, invalid-request";

    private final BeforeGenerationGate gate;
    private final ObjectMapper json;
    private final long maxImageBytes;

    public ScreenResource(BeforeGenerationGate gate, ObjectMapper json, FilterServiceConfig config) {
        this.gate = gate;
        this.json = json;
        this.maxImageBytes = config.gate().maxImageBytes();
    }

    /** The multipart form of a screen request, for the OpenAPI document. */
    @Schema(name = "ScreenForm", properties = {
            @SchemaProperty(name = "request", implementation = ScreenDto.Request.class, description = "application/json"),
            @SchemaProperty(name = "image", type = SchemaType.STRING, format = "binary",
                    description = "The init image (JPEG, PNG, GIF, BMP or WebP); at most filter-service.gate.max-image-bytes") })
    public static final class Form {
    }

    @POST
    @Path("requests:screen")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Screen a generation request with an init image: standing, prompt, hash match and classification",
            description = DESCRIPTION + " Parts: 'request' (application/json) and 'image' (optional).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = Form.class)))
    @APIResponse(responseCode = "200", description = "The decision", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScreenDto.Response.class)))
    @APIResponse(responseCode = "400", description = ERRORS_400, content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown-tenant", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "image-too-large, request-too-large, prompt-too-long, media-too-large",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-content-type, unsupported-media",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "corrupt-media, image-too-many-pixels, decode-timeout",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "check-unavailable (with checks), policy-not-ready",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<ScreenDto.Response> screenForm(@RestForm("request") String request, @RestForm("image") FileUpload image) {
        if (request == null) {
            throw Failure.invalid("missing-request", "Missing request",
                    "send the request as the multipart part 'request' (application/json) and the init image as 'image'");
        }
        ScreenDto.Request r = parse(request.getBytes(StandardCharsets.UTF_8));
        ByteString bytes = null;
        String contentType = null;
        if (image != null) {
            if (image.size() > maxImageBytes) {
                throw BeforeGenerationGate.imageTooLarge(image.size(), maxImageBytes);
            }
            try {
                bytes = ByteString.copyFrom(Files.readAllBytes(image.uploadedFile()));
            } catch (IOException e) {
                throw Failure.invalid("unreadable-upload", "Unreadable upload", e.getMessage());
            }
            contentType = image.contentType();
        }
        return screen(r, bytes, contentType);
    }

    @POST
    @Path("requests:screen")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Screen a prompt-only generation request: standing and prompt", description = DESCRIPTION)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScreenDto.Request.class)))
    @APIResponse(responseCode = "200", description = "The decision", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ScreenDto.Response.class)))
    @APIResponse(responseCode = "400", description = ERRORS_400, content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown-tenant", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "prompt-too-long, request-too-large", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-content-type", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "check-unavailable (with checks), policy-not-ready",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Uni<ScreenDto.Response> screenJson(byte[] body) {
        return screen(parse(body), null, null);
    }

    private Uni<ScreenDto.Response> screen(ScreenDto.Request r, ByteString image, String contentType) {
        RequestContextDto context = r.context() == null ? new RequestContextDto(null, null, null, null, null, null, null) : r.context();
        return gate.screen(new BeforeGenerationGate.Request(context.toProto(), r.prompt(), image, contentType, r.contentId()))
                .map(s -> ScreenDto.Response.of(context, s));
    }

    /** The request as strict UTF-8, then as JSON, as {@code prompts:check} reads its body. */
    private ScreenDto.Request parse(byte[] body) {
        String text;
        try {
            text = PromptText.decodeUtf8(body);
        } catch (InvalidPromptException e) {
            throw Failure.invalid("invalid-utf8", "Invalid UTF-8", "the request is not valid UTF-8; invalid bytes are refused, never repaired");
        }
        if (text.isBlank()) {
            throw Failure.invalid("malformed-json", "Malformed JSON",
                    "the request is empty; send {\"context\": {...}, \"prompt\": \"...\", \"contentId\": \"...\"}");
        }
        try {
            ScreenDto.Request request = json.readValue(text, ScreenDto.Request.class);
            if (request == null) {
                throw Failure.invalid("malformed-json", "Malformed JSON", "the request must be a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw Failure.invalid("malformed-json", "Malformed JSON", e.getOriginalMessage());
        }
    }
}

package io.safetyplane.classifier.rest;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.safetyplane.classifier.model.ModelRegistry;
import io.safetyplane.classifier.service.Classifications;
import io.safetyplane.classifier.service.ClassifierFailures;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.service.rest.Problems;
import io.safetyplane.service.rest.RequestContextHeaders;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Image classification for the platform's gates. The body is the image itself, with its media type;
 * the model, stage and content id are query parameters and the request context travels in
 * {@code Safety-Context-*} headers (one per {@code RequestContext} field), so an upload is passed through
 * without re-encoding. It takes no staff token: like the hash-service's matching API and the
 * filter-service's check it serves the platform's gates inside the service mesh, where mutual TLS and
 * network policies admit only those callers.
 */
@Path("/v1")
@Tag(name = "media")
public class ClassifyResource {
    static final String IMAGE_TYPES = "image/*";
    static final String MP4 = "video/mp4";
    static final String QUICKTIME = "video/quicktime";

    private final Classifications classifications;
    private final ModelRegistry registry;
    private final ObjectMapper json;

    public ClassifyResource(Classifications classifications, ModelRegistry registry, ObjectMapper json) {
        this.classifications = classifications;
        this.registry = registry;
        this.json = json;
    }

    @POST
    @Path("media:classify")
    @Consumes({ IMAGE_TYPES, MP4, QUICKTIME, MediaType.APPLICATION_OCTET_STREAM })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Classify an image or a video (the body) with a model of the registry",
            description = "The body is the image (JPEG, PNG, GIF first frame, BMP, WebP) or video (MP4/MOV with an H.264 track: "
                    + "frames sampled at 1 per second, capped, aggregated into one verdict) sent as image/*, video/mp4, "
                    + "video/quicktime or application/octet-stream; the format is read from the bytes. Every verdict emits a Decision on safety.decisions.v1; a block "
                    + "verdict on an upload also emits a Violation on safety.violations.v1 and is answered only once Kafka has it "
                    + "(503 violation-not-recorded otherwise: fail closed and retry with the same request id).")
    @RequestBody(required = true, content = {
            @Content(mediaType = "image/*", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")),
            @Content(mediaType = MP4, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "200", description = "The verdict", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.ClassifyResponse.class)))
    @APIResponse(responseCode = "400", description = "empty-media, invalid-stage, invalid-context, invalid-request",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown-model", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "media-too-large, request-too-large", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-media (the bytes are no supported image or video), "
            + "unsupported-video-codec, no-video-track, unsupported-content-type",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "corrupt-media, image-too-many-pixels, decode-timeout, video-too-long, "
            + "video-too-many-frames, video-too-many-pixels",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "queue-full, with Retry-After", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "violation-not-recorded, shutting-down", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Dto.ClassifyResponse classify(byte[] body,
            @Parameter(description = "Model id, name@version, or a name only one model has; the default model when absent")
            @QueryParam("model") String model,
            @Parameter(description = "upload (default) or output; a block verdict on an upload emits a violation",
                    schema = @Schema(enumeration = { "upload", "output" }))
            @QueryParam("stage") String stage,
            @Parameter(description = "The caller's id for the content, carried into the events") @QueryParam("contentId") String contentId,
            @BeanParam RequestContextHeaders headers) {
        RequestContext context = headers.toProto();
        String content = contentId == null ? "" : contentId;
        Classifications.Outcome o = classifications.classify(new Classifications.Request(context, body, model, stage(stage),
                content, ""));
        return Dto.ClassifyResponse.of(context, content, o);
    }

    static ContentStage stage(String s) {
        if (s == null || s.isBlank()) {
            return ContentStage.CONTENT_STAGE_UPLOAD;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "upload" -> ContentStage.CONTENT_STAGE_UPLOAD;
            case "output" -> ContentStage.CONTENT_STAGE_OUTPUT;
            default -> throw ClassifierFailures.invalidStage(s);
        };
    }

    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The models of the registry: labels, input, thresholds, file hash, execution provider, queue, model card")
    public List<Dto.ModelInfo> models() {
        return registry.models().stream().map(e -> Dto.ModelInfo.of(e, e == registry.defaultModel(), card(e))).toList();
    }

    private Object card(ModelRegistry.Entry e) {
        if (e.card().isEmpty()) {
            return null;
        }
        try {
            return json.readTree(e.card().get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return e.card().get();
        }
    }
}

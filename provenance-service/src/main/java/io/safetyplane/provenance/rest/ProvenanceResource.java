package io.safetyplane.provenance.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.provenance.service.Provenance;
import io.safetyplane.provenance.service.ReleaseGate;
import io.safetyplane.service.rest.Problems;
import io.safetyplane.service.rest.RequestContextHeaders;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * C2PA signing and verification, and the after-generation gate, for the platform API inside the service mesh
 * (no staff token, as the other gates' APIs). The body is the media itself with its media type.
 */
@Path("/v1")
@Tag(name = "provenance")
public class ProvenanceResource {
    static final String MEDIA = "image/jpeg, image/png, image/webp, audio/wav, audio/mpeg, video/mp4";

    private final Provenance provenance;
    private final ReleaseGate gate;

    public ProvenanceResource(Provenance provenance, ReleaseGate gate) {
        this.provenance = provenance;
        this.gate = gate;
    }

    @POST
    @Path("media:sign")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Sign generated media with C2PA Content Credentials",
            description = "The body is a JPEG, PNG, WebP, WAV, MP3 or MP4 file (" + MEDIA + " or application/octet-stream; the format "
                    + "is read from the bytes). The answer is the same file with a C2PA manifest embedded: claim v2, a c2pa.created "
                    + "action with digitalSourceType trainedAlgorithmicMedia and the model as softwareAgent, the format's hard binding, "
                    + "signed with the operator's certificate (and timestamped when configured). Headers C2PA-Manifest-Label, "
                    + "C2PA-Manifest-Bytes and C2PA-Timestamped describe it. Media that already carries a manifest is refused (409).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "200", description = "The signed media", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "empty-media, generator-required", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "manifest-present", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "media-too-large", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-media, content-type-mismatch", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "corrupt-media", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "timestamp-unavailable, busy", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Response sign(byte[] body, @HeaderParam("Content-Type") String contentType,
            @Parameter(description = "The model that generated the media (required)") @QueryParam("model") String model,
            @Parameter(description = "Its version") @QueryParam("modelVersion") String modelVersion,
            @Parameter(description = "dc:title of the claim; never an end user's identity") @QueryParam("title") String title) {
        ManifestSigner.Signed signed = provenance.sign(new Provenance.SignRequest(body, contentType, model, modelVersion, title));
        return signedResponse(signed);
    }

    static Response signedResponse(ManifestSigner.Signed signed) {
        return Response.ok(signed.asset(), signed.format().mediaType())
                .header("C2PA-Manifest-Label", signed.manifestLabel())
                .header("C2PA-Manifest-Bytes", signed.storeLength())
                .header("C2PA-Timestamped", signed.timestamped())
                .build();
    }

    @POST
    @Path("media:verify")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate the C2PA manifest of a file",
            description = "Checks the active manifest as the C2PA reference implementation does (claim signature, certificate "
                    + "profile and trust, timestamp, hashed URIs, the hard binding over the bytes, actions) and reports the validation "
                    + "state (Invalid, Valid, Trusted) with status codes in the reference's vocabulary. manifestPresent false when the "
                    + "file carries none.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "200", description = "The report", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.VerifyResponse.class)))
    @APIResponse(responseCode = "400", description = "empty-media", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "media-too-large", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-media, content-type-mismatch", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "corrupt-media", content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Dto.VerifyResponse verify(byte[] body, @HeaderParam("Content-Type") String contentType) {
        return Dto.VerifyResponse.of(provenance.verify(body, contentType));
    }

    @POST
    @Path("outputs:release")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The after-generation gate: classify an output, then withhold it or release it signed",
            description = "The classifier-service classifies the output (stage output). block: withheld, a Violation is emitted on "
                    + "safety.violations.v1 (answered only once Kafka has it); review: withheld for human review (unless configured to "
                    + "release); allow: signed as /v1/media:sign does and returned base64 in media. Fails closed: when the "
                    + "classification does not come back the answer is 503 classifier-unavailable and nothing is signed. Audio cannot be "
                    + "classified and is refused (422 not-classifiable).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "200", description = "What the gate did", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dto.ReleaseResponse.class)))
    @APIResponse(responseCode = "400", description = "empty-media, generator-required", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "manifest-present", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "media-too-large", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "unsupported-media, content-type-mismatch", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "corrupt-media, not-classifiable, classification-refused",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "classifier-busy", content = @Content(mediaType = Problems.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "classifier-unavailable, violation-not-recorded, timestamp-unavailable, busy",
            content = @Content(mediaType = Problems.MEDIA_TYPE))
    public Dto.ReleaseResponse release(byte[] body, @HeaderParam("Content-Type") String contentType,
            @Parameter(description = "The model that generated the output (required)") @QueryParam("model") String model,
            @Parameter(description = "Its version") @QueryParam("modelVersion") String modelVersion,
            @Parameter(description = "The caller's id for the output, carried into the events") @QueryParam("contentId") String contentId,
            @Parameter(description = "Classifier registry model; the classifier's default when absent")
            @QueryParam("classifierModel") String classifierModel,
            @BeanParam RequestContextHeaders headers) {
        return Dto.ReleaseResponse.of(gate.release(new ReleaseGate.Request(headers.toProto(), body, contentType, model, modelVersion,
                contentId, classifierModel)));
    }
}

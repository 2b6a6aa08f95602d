package io.safetyplane.hash.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.service.ContentStages;
import io.safetyplane.hash.service.HashFailures;
import io.safetyplane.hash.service.HashMatching;
import io.safetyplane.hash.service.QuerySignals;
import io.safetyplane.hash.signal.InvalidHashException;
import io.safetyplane.hash.signal.PdqSignal;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.RequestContextDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Hashing and matching, for the platform's gates and for people. */
@Path("/v1")
@Tag(name = "matching")
@Produces(MediaType.APPLICATION_JSON)
public class MatchResource {
    private final QuerySignals signals;
    private final HashMatching matching;
    private final long maxBytes;

    public MatchResource(QuerySignals signals, HashMatching matching, HashServiceConfig config) {
        this.signals = signals;
        this.matching = matching;
        this.maxBytes = config.media().maxBytes();
    }

    @POST
    @Path("hashes:match")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Hash an image (form part 'media') and match it against every enabled bank",
            description = "Optional parts: 'context' (JSON), 'contentId', 'stage' (upload, the default, or output). "
                    + "When a reporting bank matches, the violation is recorded and the image preserved in the evidence "
                    + "vault before the answer; 503 violation-not-recorded or evidence-not-preserved when either "
                    + "failed (treat the content as blocked and retry).")
    public Dto.MatchResponse matchMedia(@RestForm("media") FileUpload media,
            @RestForm("context") @PartType(MediaType.APPLICATION_JSON) RequestContextDto context,
            @RestForm("contentId") String contentId, @RestForm("stage") String stage) {
        ContentStage contentStage = ContentStages.parse(stage);
        byte[] bytes = bytesOf(media);
        HashMatching.Medium medium = HashMatching.Medium.received(bytes, media.contentType());
        List<QuerySignal> computed = compute(bytes);
        return Dto.MatchResponse.of(matching.match(RequestContextDto.toProto(context), contentId, contentStage, computed,
                medium));
    }

    @POST
    @Path("hashes:match")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Match hashes computed elsewhere against every enabled bank")
    public Dto.MatchResponse matchSignals(Dto.SignalMatchRequest request) {
        if (request == null || request.signals() == null || request.signals().isEmpty()) {
            throw Failure.invalid("no-signals", "No signals", "the request must carry at least one signal");
        }
        List<QuerySignals.SuppliedSignal> supplied = new ArrayList<>();
        for (Dto.Signal s : request.signals()) {
            if (s == null) {
                throw Failure.invalid("invalid-signal", "Invalid signal", "signals must not contain null");
            }
            supplied.add(new QuerySignals.SuppliedSignal(s.type(), s.value(), s.quality()));
        }
        ContentStage stage = ContentStages.parse(request.stage());
        try {
            return Dto.MatchResponse.of(matching.match(RequestContextDto.toProto(request.context()), request.contentId(),
                    stage, signals.parse(supplied), null));
        } catch (InvalidHashException e) {
            throw Failure.invalid("invalid-signal", "Invalid signal", e.getMessage());
        }
    }

    @POST
    @Path("hashes:compute")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Compute PDQ (with its eight dihedral hashes), MD5 and SHA-256 of an image (form part 'media')")
    public Dto.HashResponse compute(@RestForm("media") FileUpload media) {
        List<QuerySignal> computed = compute(bytesOf(media));
        List<String> dihedral = computed.stream().filter(s -> s.type().equals(PdqSignal.NAME)).findFirst()
                .map(QuerySignal::probes).orElse(List.of());
        return new Dto.HashResponse(computed.stream().map(Dto.Signal::of).toList(), dihedral);
    }

    /** The uploaded bytes, held in memory for this request only (the upload's file is deleted when it ends). */
    private byte[] bytesOf(FileUpload media) {
        if (media == null) {
            throw Failure.invalid("missing-media", "Missing media", "send the image as the multipart form part 'media'");
        }
        if (media.size() > maxBytes) {
            throw new Failure(Failure.Kind.TOO_LARGE, "media-too-large", "Media too large",
                    "media is " + media.size() + " bytes, limit " + maxBytes);
        }
        try {
            return Files.readAllBytes(media.uploadedFile());
        } catch (IOException e) {
            throw new Failure(Failure.Kind.INVALID, "unreadable-upload", "Unreadable upload", e.getMessage());
        }
    }

    private List<QuerySignal> compute(byte[] bytes) {
        try {
            return signals.compute(bytes);
        } catch (MediaRejectedException e) {
            throw HashFailures.media(e);
        }
    }
}

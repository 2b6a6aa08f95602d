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

import io.safetyplane.hash.config.HashServiceConfig;
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
    @Operation(summary = "Hash an image (form part 'media') and match it against every enabled bank")
    public Dto.MatchResponse matchMedia(@RestForm("media") FileUpload media,
            @RestForm("context") @PartType(MediaType.APPLICATION_JSON) RequestContextDto context,
            @RestForm("contentId") String contentId) {
        List<QuerySignal> computed = signalsOf(media);
        return Dto.MatchResponse.of(matching.match(RequestContextDto.toProto(context), contentId, computed));
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
        try {
            return Dto.MatchResponse.of(matching.match(RequestContextDto.toProto(request.context()), request.contentId(),
                    signals.parse(supplied)));
        } catch (InvalidHashException e) {
            throw Failure.invalid("invalid-signal", "Invalid signal", e.getMessage());
        }
    }

    @POST
    @Path("hashes:compute")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Compute PDQ (with its eight dihedral hashes), MD5 and SHA-256 of an image (form part 'media')")
    public Dto.HashResponse compute(@RestForm("media") FileUpload media) {
        List<QuerySignal> computed = signalsOf(media);
        List<String> dihedral = computed.stream().filter(s -> s.type().equals(PdqSignal.NAME)).findFirst()
                .map(QuerySignal::probes).orElse(List.of());
        return new Dto.HashResponse(computed.stream().map(Dto.Signal::of).toList(), dihedral);
    }

    private List<QuerySignal> signalsOf(FileUpload media) {
        if (media == null) {
            throw Failure.invalid("missing-media", "Missing media", "send the image as the multipart form part 'media'");
        }
        if (media.size() > maxBytes) {
            throw new Failure(Failure.Kind.TOO_LARGE, "media-too-large", "Media too large",
                    "media is " + media.size() + " bytes, limit " + maxBytes);
        }
        try {
            return signals.compute(Files.readAllBytes(media.uploadedFile()));
        } catch (MediaRejectedException e) {
            throw HashFailures.media(e);
        } catch (IOException e) {
            throw new Failure(Failure.Kind.INVALID, "unreadable-upload", "Unreadable upload", e.getMessage());
        }
    }
}

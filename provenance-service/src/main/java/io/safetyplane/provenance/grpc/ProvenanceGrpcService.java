package io.safetyplane.provenance.grpc;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.quarkus.grpc.GrpcService;
import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.c2pa.ValidationReport;
import io.safetyplane.c2pa.ValidationStatus;
import io.safetyplane.contracts.provenance.v1.ManifestAction;
import io.safetyplane.contracts.provenance.v1.Provenance;
import io.safetyplane.contracts.provenance.v1.ReleaseRequest;
import io.safetyplane.contracts.provenance.v1.ReleaseResponse;
import io.safetyplane.contracts.provenance.v1.SignRequest;
import io.safetyplane.contracts.provenance.v1.SignResponse;
import io.safetyplane.contracts.provenance.v1.SignatureInfo;
import io.safetyplane.contracts.provenance.v1.VerifyRequest;
import io.safetyplane.contracts.provenance.v1.VerifyResponse;
import io.safetyplane.provenance.service.ReleaseGate;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * gRPC {@code safety.provenance.v1.Provenance}: the same operations as the REST API, media as raw bytes. Errors
 * are statuses whose description starts with the REST problem type and which carry a {@code google.rpc.ErrorInfo}.
 */
@GrpcService
public class ProvenanceGrpcService implements Provenance {
    private static final Logger LOG = Logger.getLogger(ProvenanceGrpcService.class);

    private final io.safetyplane.provenance.service.Provenance provenance;
    private final ReleaseGate gate;

    public ProvenanceGrpcService(io.safetyplane.provenance.service.Provenance provenance, ReleaseGate gate) {
        this.provenance = provenance;
        this.gate = gate;
    }

    @Override
    @Blocking
    public Uni<SignResponse> sign(SignRequest request) {
        return call(() -> signed(provenance.sign(new io.safetyplane.provenance.service.Provenance.SignRequest(
                request.getMedia().toByteArray(), request.getContentType(), request.getGenerator().getModel(),
                request.getGenerator().getModelVersion(), request.getTitle()))));
    }

    @Override
    @Blocking
    public Uni<VerifyResponse> verify(VerifyRequest request) {
        return call(() -> report(provenance.verify(request.getMedia().toByteArray(), request.getContentType())));
    }

    @Override
    @Blocking
    public Uni<ReleaseResponse> release(ReleaseRequest request) {
        return call(() -> {
            ReleaseGate.Outcome o = gate.release(new ReleaseGate.Request(request.getContext(), request.getMedia().toByteArray(),
                    request.getContentType(), request.getGenerator().getModel(), request.getGenerator().getModelVersion(),
                    request.getContentId(), request.getClassifierModel()));
            ReleaseResponse.Builder r = ReleaseResponse.newBuilder().setDecision(o.decision()).setReleased(o.released())
                    .setClassification(o.classification()).setViolationEventId(o.violationEventId()).addAllReasons(o.reasons());
            if (o.signed() != null) {
                r.setSigned(signed(o.signed()));
            }
            return r.build();
        });
    }

    private static <T> Uni<T> call(Supplier<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.get();
            } catch (Failure f) {
                throw GrpcFailures.status(f);
            } catch (RuntimeException e) {
                LOG.error("provenance call failed unexpectedly", e);
                throw io.grpc.Status.INTERNAL.withDescription("internal-error: the request failed unexpectedly; it was logged")
                        .asRuntimeException();
            }
        });
    }

    private static SignResponse signed(ManifestSigner.Signed s) {
        return SignResponse.newBuilder().setMedia(ByteString.copyFrom(s.asset())).setContentType(s.format().mediaType())
                .setManifestLabel(s.manifestLabel()).setManifestBytes(s.storeLength()).setTimestamped(s.timestamped())
                .setSha256(io.safetyplane.provenance.service.Provenance.sha256(s.asset())).build();
    }

    static VerifyResponse report(ValidationReport r) {
        VerifyResponse.Builder b = VerifyResponse.newBuilder().setManifestPresent(r.manifestPresent()).setFormat(r.format());
        if (!r.manifestPresent()) {
            return b.build();
        }
        b.setValidationState(r.state().display()).setActiveManifest(nz(r.activeManifest())).setClaimVersion(r.claimVersion())
                .setClaimGenerator(nz(r.claimGenerator())).addAllAssertions(r.assertions()).setAiGenerated(r.aiGenerated());
        for (ValidationReport.Action a : r.actions()) {
            b.addActions(ManifestAction.newBuilder().setAction(nz(a.action())).setDigitalSourceType(nz(a.digitalSourceType()))
                    .setSoftwareAgent(nz(a.softwareAgent())));
        }
        r.signature().ifPresent(s -> b.setSignature(SignatureInfo.newBuilder().setAlgorithm(s.algorithm()).setSubject(s.subject())
                .setIssuer(s.issuer()).setNotAfterMillis(s.notAfter().toEpochMilli()).setTrusted(s.trusted())
                .setTimestampMillis(s.timestamp().map(java.time.Instant::toEpochMilli).orElse(0L))
                .setTimestampTrusted(s.timestampTrusted())));
        r.success().forEach(s -> b.addSuccess(status(s)));
        r.informational().forEach(s -> b.addInformational(status(s)));
        r.failure().forEach(s -> b.addFailure(status(s)));
        return b.build();
    }

    private static io.safetyplane.contracts.provenance.v1.ValidationStatus status(ValidationStatus s) {
        return io.safetyplane.contracts.provenance.v1.ValidationStatus.newBuilder().setCode(s.code()).setUrl(nz(s.url()))
                .setExplanation(nz(s.explanation())).build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

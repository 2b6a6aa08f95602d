package io.safetyplane.hash.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.google.protobuf.UnsafeByteOperations;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.BankMatch;
import io.safetyplane.contracts.enforcement.v1.EvidenceGrpc;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.hash.signal.QuerySignal;
import io.safetyplane.media.MediaFormat;
import io.safetyplane.service.Failure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands the bytes of a medium that matched a reporting bank to the enforcement-service's evidence vault
 * ({@code safety.enforcement.v1.Evidence/Preserve}), blocking the calling worker thread up to the deadline.
 * <p>
 * When the vault cannot be reached (any status but a refusal, including the deadline) the request fails closed
 * with {@code evidence-not-preserved}; the caller retries and, since the violation id is derived from the request,
 * the retry preserves the same record once. A refusal ({@code INVALID_ARGUMENT}, {@code RESOURCE_EXHAUSTED}) would be
 * refused again on retry: it is logged at ERROR and counted, and the match is answered, the content blocked and its
 * violation recorded all the same. The bytes are passed through and never kept.
 */
@ApplicationScoped
public class EvidenceVaultClient {
    private static final Logger LOG = Logger.getLogger(EvidenceVaultClient.class);
    /** The hash types the vault's contract names; a signal type added later is not sent until the vault knows it. */
    private static final Set<String> HASH_TYPES = Set.of("pdq", "md5", "sha256");

    /** One file to preserve: the medium of a request and the violation one category of its matches produced. */
    public record Submission(RequestContext context, byte[] bytes, String declaredType, String contentId,
            ContentStage stage, long receivedAtMillis, String violationEventId, String category,
            List<QuerySignal> signals, List<io.safetyplane.hash.bank.BankMatch> matches) {
    }

    private final EvidenceGrpc.EvidenceBlockingStub vault;
    private final HashServiceConfig.Evidence config;
    private final MeterRegistry registry;

    public EvidenceVaultClient(@GrpcClient("evidence") EvidenceGrpc.EvidenceBlockingStub vault, HashServiceConfig config,
            MeterRegistry registry) {
        this.vault = vault;
        this.config = config.evidence();
        this.registry = registry;
        if (this.config.deadline().isNegative() || this.config.deadline().isZero()) {
            throw new IllegalArgumentException("hash-service.evidence.deadline must be positive, not " + this.config.deadline());
        }
        if (!this.config.enabled()) {
            LOG.warn("hash-service.evidence.enabled=false: media matching a reporting bank is NOT preserved as evidence");
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Preserves one file; returns the vault's answer, or null when the vault refused it (logged and counted).
     *
     * @throws Failure UNAVAILABLE {@code evidence-not-preserved} when the vault did not answer in time or failed
     */
    public PreserveResponse preserve(Submission s) {
        PreserveRequest request = request(s);
        try {
            PreserveResponse response = vault.withDeadlineAfter(config.deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .preserve(request);
            Counter.builder("hash_evidence_preserved").description("Media preserved in the evidence vault")
                    .tag("category", s.category()).register(registry).increment();
            LOG.infof("evidence %s preserved for violation %s (request %s, category %s)%s", response.getEvidenceId(),
                    s.violationEventId(), s.context().getRequestId(), s.category(),
                    response.getAlreadyPreserved() ? ", already preserved" : "");
            return response;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String reason = code + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
            boolean refused = code == Status.Code.INVALID_ARGUMENT || code == Status.Code.RESOURCE_EXHAUSTED;
            Counter.builder("hash_evidence_preserve_failures")
                    .description("Preserve calls that failed (outcome unavailable: the request failed closed; refused: "
                            + "answered without evidence)")
                    .tag("outcome", refused ? "refused" : "unavailable").tag("code", code.name())
                    .register(registry).increment();
            if (refused) {
                LOG.errorf("the evidence vault REFUSED the media of violation %s (request %s, tenant %s, account %s, "
                        + "category %s): %s; the match is answered and the violation recorded, but the bytes are not "
                        + "preserved", s.violationEventId(), s.context().getRequestId(), s.context().getTenantId(),
                        s.context().getAccountId(), s.category(), reason);
                return null;
            }
            LOG.warnf("evidence of violation %s (request %s, category %s) not preserved, the request fails closed: %s",
                    s.violationEventId(), s.context().getRequestId(), s.category(), reason);
            throw new Failure(Failure.Kind.UNAVAILABLE, "evidence-not-preserved", "Evidence not preserved",
                    "the content matched a reporting bank and its violation was recorded, but the evidence vault did not "
                            + "take the bytes (" + reason + "); treat the content as blocked and retry");
        }
    }

    static PreserveRequest request(Submission s) {
        PreserveRequest.Builder b = PreserveRequest.newBuilder()
                .setContext(s.context())
                .setData(UnsafeByteOperations.unsafeWrap(s.bytes())) // read only, for this call
                .setContentType(contentType(s.bytes(), s.declaredType()))
                .setContentId(s.contentId() == null ? "" : s.contentId())
                .setStage(s.stage())
                .setReceivedAtMillis(s.receivedAtMillis())
                .setViolationEventId(s.violationEventId())
                .setCategory(s.category());
        for (QuerySignal signal : s.signals()) {
            if (HASH_TYPES.contains(signal.type())) {
                b.addHashes(ContentHash.newBuilder().setType(signal.type()).setValue(signal.value()));
            }
        }
        for (io.safetyplane.hash.bank.BankMatch m : s.matches()) {
            BankMatch.Builder match = BankMatch.newBuilder()
                    .setBank(m.bank().name())
                    .setEntryId(m.entry().id())
                    .setSignalType(m.entry().signalType())
                    .setDistance(m.distance())
                    .setAction(m.bank().action().wireName());
            if (m.entry().externalId() != null) {
                match.setExternalId(m.entry().externalId());
            }
            b.addMatches(match);
        }
        return b.build();
    }

    /** The format the bytes are in, as the media module recognises it; else what the caller declared. */
    static String contentType(byte[] bytes, String declared) {
        return MediaFormat.sniff(bytes).map(MediaFormat::mimeType)
                .orElse(declared == null || declared.isBlank() ? "application/octet-stream" : declared.strip());
    }
}

package io.safetyplane.enforcement.grpc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.contracts.enforcement.v1.BankMatch;
import io.safetyplane.contracts.enforcement.v1.Evidence;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.enforcement.v1.PreserveResponse;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.evidence.DatabaseFailures;
import io.safetyplane.enforcement.evidence.EvidenceCryptoException;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.safetyplane.enforcement.tipline.TiplineQueue;
import io.safetyplane.service.Failure;
import io.safetyplane.service.grpc.GrpcFailures;
import io.smallrye.mutiny.Uni;

/**
 * gRPC {@code safety.enforcement.v1.Evidence}: a gate hands over the bytes of apparent CSAM. They are preserved and,
 * when a match in a reporting bank confirms the incident, its CyberTipline report is queued, all in one transaction.
 */
@GrpcService
public class EvidenceGrpcService implements Evidence {
    private static final Logger LOG = Logger.getLogger(EvidenceGrpcService.class);
    /** The match action that confirms an incident and reports it. */
    public static final String BLOCK_AND_REPORT = "block_and_report";
    private static final Set<String> ACTIONS = Set.of(BLOCK_AND_REPORT, "block", "review");
    /** The category a hash match in a reporting bank stands for when the caller names none. */
    private static final String CSAM = "csam";

    private final EvidenceVault vault;
    private final TiplineQueue queue;
    private final Clock clock;
    private final long maxBytes;

    public EvidenceGrpcService(EvidenceVault vault, TiplineQueue queue, Clock clock, EnforcementConfig config) {
        this.vault = vault;
        this.queue = queue;
        this.clock = clock;
        this.maxBytes = config.evidence().maxBytes().asLongValue();
    }

    @Override
    public Uni<PreserveResponse> preserve(PreserveRequest request) {
        EvidenceVault.Submission submission;
        try {
            submission = submission(request);
        } catch (Failure f) {
            return Uni.createFrom().failure(GrpcFailures.status(f));
        }
        boolean report = submission.matches().stream().anyMatch(m -> BLOCK_AND_REPORT.equals(m.get("action")));
        return Panache.withTransaction(() -> preserve(submission, report))
                // two concurrent calls for the same file (or violation): the second finds the first's rows on retry
                .onFailure(DatabaseFailures::isUniqueViolation).retry().atMost(1)
                .onFailure().transform(EvidenceGrpcService::status);
    }

    private Uni<PreserveResponse> preserve(EvidenceVault.Submission s, boolean report) {
        return vault.preserve(s).flatMap(p -> {
            if (!report) {
                return Uni.createFrom().item(response(p, p.evidence().tiplineReportId));
            }
            TiplineQueue.ConfirmedIncident incident = new TiplineQueue.ConfirmedIncident(TiplineReportEntity.HASH_MATCH, s.target(),
                    s.violationEventId(), null, s.category(), s.receivedAt(), s.requestId(), s.clientIp(), s.model(), s.matches(),
                    "hash-service");
            return queue.queue(incident).flatMap(r -> vault.attach(s.violationEventId(), r.id).replaceWith(response(p, r.id)));
        });
    }

    private static PreserveResponse response(EvidenceVault.Preserved p, UUID reportId) {
        return PreserveResponse.newBuilder().setEvidenceId(p.evidence().id.toString())
                .setTiplineReportId(reportId == null ? "" : reportId.toString()).setAlreadyPreserved(!p.created()).build();
    }

    /** The request as the vault's submission; what the vault does not check itself is checked here. */
    EvidenceVault.Submission submission(PreserveRequest r) {
        if (r.getData().size() > maxBytes) {
            throw new Failure(Failure.Kind.TOO_LARGE, EvidenceVault.TOO_LARGE, "Evidence too large", "data has "
                    + r.getData().size() + " bytes; the limit (enforcement-service.evidence.max-bytes) is " + maxBytes);
        }
        String stage = switch (r.getStage()) {
            case CONTENT_STAGE_UNSPECIFIED, CONTENT_STAGE_UPLOAD -> EvidenceVault.UPLOAD;
            case CONTENT_STAGE_OUTPUT -> EvidenceVault.OUTPUT;
            default -> throw invalid("stage: " + r.getStage() + " carries no file; expected CONTENT_STAGE_UPLOAD or CONTENT_STAGE_OUTPUT");
        };
        if (r.getReceivedAtMillis() < 0) {
            throw invalid("received_at_millis: " + r.getReceivedAtMillis() + " is negative");
        }
        Instant receivedAt = r.getReceivedAtMillis() == 0 ? clock.instant() : Instant.ofEpochMilli(r.getReceivedAtMillis());
        Map<String, String> hashes = new LinkedHashMap<>();
        for (ContentHash h : r.getHashesList()) {
            String previous = hashes.put(h.getType(), h.getValue());
            if (previous != null && !previous.equalsIgnoreCase(h.getValue())) {
                throw invalid("hashes: two different values of type '" + h.getType() + "'");
            }
        }
        List<Map<String, Object>> matches = new ArrayList<>();
        for (BankMatch m : r.getMatchesList()) {
            if (!ACTIONS.contains(m.getAction())) {
                throw invalid("matches: action '" + m.getAction() + "' of bank '" + m.getBank() + "' is not one of " + ACTIONS);
            }
            if (m.getBank().isBlank()) {
                throw invalid("matches: bank is required");
            }
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("bank", m.getBank());
            match.put("entryId", m.getEntryId());
            match.put("externalId", m.getExternalId());
            match.put("signalType", m.getSignalType());
            match.put("distance", m.getDistance());
            match.put("action", m.getAction());
            matches.add(match);
        }
        var c = r.getContext();
        Target target = c.getTenantId().isBlank() || c.getAccountId().isBlank() ? null
                : Target.of(c.getTenantId(), c.getAccountId(), c.getEndUserId());
        if (target == null) {
            throw invalid(c.getTenantId().isBlank() ? "context.tenant_id: required" : "context.account_id: required");
        }
        String category = r.getCategory().isBlank() ? CSAM : r.getCategory();
        return new EvidenceVault.Submission(target, c.getRequestId(), r.getContentId(), r.getViolationEventId(), category,
                r.getContentType(), r.getOriginalFileName(), stage, receivedAt, c.getClientIp(), c.getModel(),
                r.getPubliclyAvailable(), hashes, matches, r.getData().toByteArray());
    }

    private static Failure invalid(String detail) {
        return Failure.invalid(EvidenceVault.INVALID, "Invalid evidence request", detail);
    }

    /** A failure as the caller should see it: the problem's status, UNAVAILABLE (retry) for an outage, else INTERNAL. */
    static Throwable status(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Failure f) {
                return GrpcFailures.status(f);
            }
            if (c instanceof StatusRuntimeException) {
                return c;
            }
            if (c instanceof EvidenceCryptoException x && x.reason() == EvidenceCryptoException.Reason.UNAVAILABLE) {
                return GrpcFailures.status(new Failure(Failure.Kind.UNAVAILABLE, "key-service-unavailable",
                        "Key service unavailable", "the key-encryption service cannot be reached; retry"));
            }
        }
        if (DatabaseFailures.isUnavailable(e)) {
            LOG.warnf("Evidence.Preserve: database unavailable: %s", e.getMessage());
            return GrpcFailures.status(new Failure(Failure.Kind.UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "the evidence could not be stored because the database is unavailable; retry"));
        }
        LOG.error("Evidence.Preserve failed", e);
        return Status.INTERNAL.withDescription("internal-error: the evidence could not be preserved; it was logged")
                .asRuntimeException();
    }
}

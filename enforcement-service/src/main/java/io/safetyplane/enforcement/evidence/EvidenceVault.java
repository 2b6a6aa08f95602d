package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.smallrye.mutiny.Uni;

/**
 * The evidence vault: stores the bytes of apparent CSAM sealed ({@link EvidenceCipher}), keeps them as
 * {@link Preservation} says, and opens them only for an audited reader. Every method runs in the caller's reactive
 * session and transaction.
 */
@ApplicationScoped
public class EvidenceVault {

    /**
     * One file handed over for preservation, with what is known of where it came from.
     *
     * @param stage {@code upload} or {@code output}
     * @param hashes the hashes the detector computed, by type ({@code pdq}, {@code md5}, {@code sha256}); the vault
     *        computes MD5 and SHA-256 itself and refuses values that disagree
     * @param matches the bank matches that triggered it: bank, entryId, externalId, signalType, distance, action
     */
    public record Submission(Target target, String requestId, String contentId, String violationEventId, String category,
            String contentType, String originalFileName, String stage, Instant receivedAt, String clientIp, String model,
            boolean publiclyAvailable, Map<String, String> hashes, List<Map<String, Object>> matches, byte[] bytes) {
    }

    /**
     * Seals and stores {@code submission}, or finds it stored already (the same violation and the same bytes): the
     * evidence, and whether it was new. Over the size limit, without bytes, or with hashes that disagree with the bytes:
     * {@code Failure} INVALID / TOO_LARGE with the reason.
     */
    public Uni<Preserved> preserve(Submission submission) {
        throw new UnsupportedOperationException("TODO");
    }

    public record Preserved(EvidenceEntity evidence, boolean created) {
    }

    /** The evidence of one incident's report, in the order it was preserved; metadata only, the bytes stay sealed. */
    public Uni<List<EvidenceEntity>> filesOf(UUID tiplineReportId) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The evidence preserved for one violation, in the order it was preserved. */
    public Uni<List<EvidenceEntity>> ofViolation(String violationEventId) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The plaintext of one record, with an audit entry naming {@code reader} and {@code purpose}.
     *
     * @throws PreservationException   GONE when destroyed or purged
     * @throws EvidenceCryptoException when the stored bytes do not authenticate
     */
    public Uni<byte[]> open(EvidenceEntity evidence, AuditEntry.Actor reader, String purpose) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Links the evidence of {@code violationEventId} to the report queued for it. */
    public Uni<Void> attach(String violationEventId, UUID tiplineReportId) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The report was filed at {@code at}: its evidence is preserved for a year from then. */
    public Uni<Void> reportFiled(UUID tiplineReportId, Instant at) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The evidence of a violation will not be reported (reviewers overturned it, or its report was retracted):
     * dismissed, purgeable once no legal hold keeps it.
     */
    public Uni<Void> dismissViolation(String violationEventId, AuditEntry.Actor by, String reason) {
        throw new UnsupportedOperationException("TODO");
    }

    /** As {@link #dismissViolation}, for the evidence of a retracted report. */
    public Uni<Void> dismissReport(UUID tiplineReportId, AuditEntry.Actor by, String reason) {
        throw new UnsupportedOperationException("TODO");
    }
}

package io.safetyplane.enforcement.tipline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.TiplineReportEntity;
import io.smallrye.mutiny.Uni;

/**
 * The CyberTipline report queue: a confirmed incident becomes a report row (the outbox entry) in the caller's
 * transaction, the one that confirmed it, so that no confirmed incident is without its report. The dispatcher files it.
 */
@ApplicationScoped
public class TiplineQueue {
    private final Clock clock;

    public TiplineQueue(Clock clock) {
        this.clock = clock;
    }

    /**
     * What confirmed an incident and what the report says of it.
     *
     * @param basis {@link TiplineReportEntity#HASH_MATCH} or {@link TiplineReportEntity#REVIEW}
     * @param violationEventId the violation it grew from; one report per violation
     * @param reviewItemId the review item two reviewers confirmed, or null
     * @param incidentAt when the platform received the content
     * @param matches the bank matches that confirmed it (empty for a review)
     * @param confirmedBy {@code hash-service}, or the two reviewers
     */
    public record ConfirmedIncident(String basis, Target target, String violationEventId, UUID reviewItemId, String category,
            Instant incidentAt, String requestId, String clientIp, String model, List<Map<String, Object>> matches, String confirmedBy) {
    }

    /** The report of {@code incident}, queued in the caller's transaction; the one already queued for its violation, if any. */
    public Uni<TiplineReportEntity> queue(ConfirmedIncident incident) {
        return TiplineReportEntity.<TiplineReportEntity>find("violationEventId", incident.violationEventId()).firstResult()
                .flatMap(existing -> existing != null ? Uni.createFrom().item(existing) : report(incident).persist());
    }

    private TiplineReportEntity report(ConfirmedIncident incident) {
        Instant now = clock.instant();
        TiplineReportEntity r = new TiplineReportEntity();
        r.id = UUID.randomUUID();
        r.tenantId = incident.target().tenantId();
        r.accountId = incident.target().accountId();
        r.endUserId = incident.target().endUserId();
        r.basis = incident.basis();
        r.violationEventId = incident.violationEventId();
        r.reviewItemId = incident.reviewItemId();
        r.category = incident.category();
        r.incidentAt = incident.incidentAt();
        r.requestId = nonNull(incident.requestId());
        r.clientIp = nonNull(incident.clientIp());
        r.model = nonNull(incident.model());
        r.matches = List.copyOf(incident.matches());
        r.confirmedBy = incident.confirmedBy();
        r.state = "PENDING";
        r.files = List.of();
        r.abandonedReportIds = new Long[0];
        r.updatedAt = now;
        r.version = 0;
        r.nextAttemptAt = now;
        r.createdAt = now;
        return r;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}

package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.safetyplane.enforcement.ladder.Severity;
import io.safetyplane.enforcement.ladder.Stage;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A violation as received from {@code safety.violations.v1}, with what the ladder made of it. */
@Entity
@Table(name = "violations")
public class ViolationEntity extends TargetedEntity {
    @Id
    @Column(name = "event_id")
    public String eventId;
    public String detector;
    public String category;
    /** {@code low}, {@code medium}, {@code high}, {@code critical} or {@code unspecified}. */
    public String severity;
    /** The detector's action: {@code allow}, {@code review}, {@code block}, {@code block_and_report}, {@code unspecified}. */
    public String verdict;
    /** {@code prompt}, {@code upload}, {@code output} or {@code unspecified}. */
    public String stage;
    public boolean reportable;
    @Column(name = "content_id")
    public String contentId;
    @Column(name = "policy_version")
    public String policyVersion;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    /** The ladder's reason, one of the constants of {@link io.safetyplane.enforcement.ladder.Decision}. */
    @Column(name = "ladder_reason")
    public String ladderReason;
    @Column(name = "sanction_id")
    public UUID sanctionId;

    /** The facts the ladder decided on, as received. */
    public ViolationFacts facts() {
        return new ViolationFacts(eventId, tenantId, accountId, endUserId, category, Severity.valueOf(upper(severity)),
                ViolationFacts.Verdict.valueOf(upper(verdict)), Stage.valueOf(upper(stage)), reportable, detector, occurredAt);
    }

    private static String upper(String id) {
        return id.toUpperCase(Locale.ROOT);
    }
}

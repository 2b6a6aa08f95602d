package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A sanction the ladder or a person decided against an account or one of its end users ({@code ''} for the account). */
@Entity
@Table(name = "sanctions")
public class SanctionEntity extends TargetedEntity {
    @Id
    public UUID id;
    public String action;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    public String category;
    public String rule;
    public String reason;
    @Column(name = "violation_event_id")
    public String violationEventId;
    public boolean automated;
    @Column(name = "pending_second_review")
    public boolean pendingSecondReview;
    @Column(name = "lifted_at")
    public Instant liftedAt;
    @Column(name = "lifted_reason")
    public String liftedReason;
    /** {@code system:ladder} or the id of the reviewer who decided. */
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "lifted_by")
    public String liftedBy;
    /** The sanction this one replaced, e.g. the pending suspension a confirmed disable took over from. */
    public UUID replaces;
    @Column(name = "created_at")
    public Instant createdAt;
}

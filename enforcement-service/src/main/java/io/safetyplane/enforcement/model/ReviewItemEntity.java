package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Something a person looks at: a flagged violation, a disable waiting for a second reviewer, a sampled decision, an abuse report. */
@Entity
@Table(name = "review_items")
public class ReviewItemEntity extends TargetedEntity {
    @Id
    public UUID id;
    /** {@code violation}, {@code sampled-decision} or {@code abuse-report}. */
    public String kind;
    /** {@code open}, {@code escalated}, {@code awaiting-second-review} or {@code decided}. */
    public String state;
    /** The reviewers who may take it: {@code reviewer} or {@code senior-reviewer}. */
    public String queue;
    public String category;
    @Column(name = "violation_event_id")
    public String violationEventId;
    @Column(name = "decision_event_id")
    public String decisionEventId;
    @Column(name = "abuse_report_id")
    public UUID abuseReportId;
    /** The sanction waiting for review (a pending disable), or the one the review imposed. */
    @Column(name = "sanction_id")
    public UUID sanctionId;
    /** What the automated system decided: {@code review}, {@code allow}, {@code disable-pending-review}, or empty. */
    @Column(name = "automated_verdict")
    public String automatedVerdict;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "first_reviewer")
    public String firstReviewer;
    @Column(name = "first_outcome")
    public String firstOutcome;
    @Column(name = "first_reviewed_at")
    public Instant firstReviewedAt;
    /** {@code confirmed} or {@code overturned} once decided. */
    public String outcome;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String note;
}

package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An appeal (DSA art. 20 internal complaint) against one sanction, by the affected user or their tenant. */
@Entity
@Table(name = "appeals")
public class AppealEntity extends TargetedEntity {
    public static final String OPEN = "open";
    public static final String DECIDED = "decided";

    @Id
    public UUID id;
    @Column(name = "sanction_id")
    public UUID sanctionId;
    /** The subject of the token that filed it. */
    @Column(name = "filed_by")
    public String filedBy;
    /** {@code user} (the affected user) or {@code tenant} (their business customer). */
    @Column(name = "filed_as")
    public String filedAs;
    public String statement;
    @Column(name = "filed_at")
    public Instant filedAt;
    @Column(name = "decide_by")
    public Instant decideBy;
    /** {@link #OPEN} or {@link #DECIDED}. */
    public String state;
    /** {@code upheld} or {@code overturned}, once decided. */
    public String outcome;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    /** The reviewer's reasons, given to the filer (art. 20(5)). */
    public String reason;
}

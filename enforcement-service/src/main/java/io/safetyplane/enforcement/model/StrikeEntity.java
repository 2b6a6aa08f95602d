package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A strike counted by the ladder until it expires or is removed (an overturned appeal). */
@Entity
@Table(name = "strikes")
public class StrikeEntity extends TargetedEntity {
    @Id
    public UUID id;
    @Column(name = "sanction_id")
    public UUID sanctionId;
    public String category;
    public int weight;
    public Instant at;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "removed_at")
    public Instant removedAt;
}

package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A strike counted by the ladder until it expires or is removed (an overturned appeal). */
@Entity
@Table(name = "strikes")
public class StrikeEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "sanction_id")
    public UUID sanctionId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "end_user_id")
    public String endUserId;
    public String category;
    public int weight;
    public Instant at;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "removed_at")
    public Instant removedAt;
}

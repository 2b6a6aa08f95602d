package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A notice's delivery to its tenant's webhook (outbox): due at {@code nextAttemptAt} until delivered. */
@Entity
@Table(name = "notice_deliveries")
public class NoticeDeliveryEntity extends PanacheEntityBase {
    @Id
    @Column(name = "notice_id")
    public UUID noticeId;
    @Column(name = "tenant_id")
    public String tenantId;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "last_error")
    public String lastError;
}

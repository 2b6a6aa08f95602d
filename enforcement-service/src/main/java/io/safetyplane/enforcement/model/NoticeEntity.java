package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A written notice of a sanction ({@code kind} sanction) or of its early end ({@code kind} lift), for the tenant. */
@Entity
@Table(name = "notices")
public class NoticeEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "sanction_id")
    public UUID sanctionId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "account_id")
    public String accountId;
    /** {@code ''} when the notice concerns the account itself. */
    @Column(name = "end_user_id")
    public String endUserId;
    public String kind;
    /** The statement of reasons with the DSA Transparency Database's field names. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> statement;
    public String subject;
    public String body;
    /** The end of the appeal window; null for a lift. */
    @Column(name = "appeal_deadline")
    public Instant appealDeadline;
    @Column(name = "created_at")
    public Instant createdAt;
}

package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A written notice of a sanction ({@code kind} sanction) or of its early end ({@code kind} lift), for the tenant. */
@Entity
@Table(name = "notices")
public class NoticeEntity extends TargetedEntity {
    @Id
    public UUID id;
    @Column(name = "sanction_id")
    public UUID sanctionId;
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

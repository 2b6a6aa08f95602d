package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcType;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One preserved file: what it is, where it came from, its sealed bytes (null once destroyed or purged) and its
 * preservation ({@code io.safetyplane.enforcement.evidence.Preservation}).
 */
@Entity
@Table(name = "evidence")
public class EvidenceEntity extends TargetedEntity {
    @Id
    public UUID id;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "content_id")
    public String contentId;
    @Column(name = "violation_event_id")
    public String violationEventId;
    public String category;
    @Column(name = "tipline_report_id")
    public UUID tiplineReportId;
    /** The name it is stored and reported under. */
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "original_file_name")
    public String originalFileName;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public long sizeBytes;
    public String md5;
    public String sha256;
    public String pdq;
    /** {@code upload} or {@code output}. */
    public String stage;
    @Column(name = "client_ip")
    public String clientIp;
    public String model;
    @Column(name = "publicly_available")
    public boolean publiclyAvailable;
    @JdbcType(JsonbJdbcType.class)
    public List<Map<String, Object>> matches;
    @Column(name = "received_at")
    public Instant receivedAt;

    // the sealed bytes
    @Column(name = "kek_id")
    public String kekId;
    @Column(name = "wrapped_key")
    public byte[] wrappedKey;
    public byte[] nonce;
    public byte[] ciphertext;

    // preservation
    @Column(name = "detected_at")
    public Instant detectedAt;
    @Column(name = "report_filed_at")
    public Instant reportFiledAt;
    /** by, at, reason. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> dismissal;
    /** reference, placedBy, placedAt, until, liftedAt, liftedBy. */
    @JdbcType(JsonbJdbcType.class)
    public List<Map<String, Object>> holds;
    /** requestedBy, reference, requestedAt, destroyedBy, destroyedAt. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> destruction;
    @Column(name = "purged_at")
    public Instant purgedAt;
    @Column(name = "purge_after")
    public Instant purgeAfter;
    @Column(name = "created_at")
    public Instant createdAt;
}

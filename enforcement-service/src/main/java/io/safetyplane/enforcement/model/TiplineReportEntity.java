package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A confirmed incident's CyberTipline report: the outbox entry written in the transaction that confirmed the incident,
 * then the report job's journal ({@code io.safetyplane.cybertipline.job.ReportRecord}). Its id is the incident id.
 */
@Entity
@Table(name = "tipline_reports")
public class TiplineReportEntity extends TargetedEntity {
    public static final String HASH_MATCH = "hash-match";
    public static final String REVIEW = "review";

    @Id
    public UUID id;
    /** {@link #HASH_MATCH} or {@link #REVIEW}. */
    public String basis;
    @Column(name = "violation_event_id")
    public String violationEventId;
    @Column(name = "review_item_id")
    public UUID reviewItemId;
    public String category;
    /** When the platform received the content (or the prompt). */
    @Column(name = "incident_at")
    public Instant incidentAt;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "client_ip")
    public String clientIp;
    public String model;
    /** The bank matches that confirmed it: bank, entryId, externalId, signalType, distance, action. */
    @Convert(converter = JsonArrayConverter.class)
    @ColumnTransformer(read = "cast(matches as text)", write = "cast(cast(? as text) as jsonb)")
    public List<Map<String, Object>> matches;
    /** {@code hash-service}, or the two reviewers. */
    @Column(name = "confirmed_by")
    public String confirmedBy;

    // the report job's journal
    /** PENDING, SUBMITTED, FINISHED, HELD or RETRACTED ({@code ReportState}). */
    public String state;
    @Column(name = "ncmec_report_id")
    public Long ncmecReportId;
    /** The open report's files: fileName, fileId, state. */
    @Convert(converter = JsonArrayConverter.class)
    @ColumnTransformer(read = "cast(files as text)", write = "cast(cast(? as text) as jsonb)")
    public List<Map<String, Object>> files;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** While HELD: reason, alert, errors [{line, column, message}]. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> hold;
    @Column(name = "abandoned_report_ids")
    public Long[] abandonedReportIds;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long version;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    @Column(name = "created_at")
    public Instant createdAt;
}

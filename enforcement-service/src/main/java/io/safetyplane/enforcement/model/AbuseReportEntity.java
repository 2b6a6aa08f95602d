package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An abuse report from anyone, without an account (DSA art. 16 notice). */
@Entity
@Table(name = "abuse_reports")
public class AbuseReportEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String category;
    public String description;
    @Column(name = "content_ref")
    public String contentRef;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "reporter_contact")
    public String reporterContact;
    /** Keyed hash (HMAC-SHA256) of the reporter's address; never the address. */
    @Column(name = "reporter_key")
    public String reporterKey;
    @Column(name = "received_at")
    public Instant receivedAt;
}

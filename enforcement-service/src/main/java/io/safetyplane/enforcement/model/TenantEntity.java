package io.safetyplane.enforcement.model;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A business customer (kind business) or the tenant of individual accounts (kind individual). */
@Entity
@Table(name = "tenants")
public class TenantEntity extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String kind;
    @Column(name = "webhook_url")
    public String webhookUrl;
    /** The key notices are signed with ({@code whsec_<base64>}); write-only in the API. */
    @Column(name = "webhook_secret")
    public String webhookSecret;
    @Column(name = "created_at")
    public Instant createdAt;
}

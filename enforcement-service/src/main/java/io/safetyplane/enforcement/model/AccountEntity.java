package io.safetyplane.enforcement.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A platform account of a tenant, with its acceptance of the acceptable use policy. */
@Entity
@Table(name = "accounts")
@IdClass(AccountEntity.Key.class)
public class AccountEntity extends PanacheEntityBase {
    @Id
    @Column(name = "tenant_id")
    public String tenantId;
    @Id
    public String id;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "aup_version")
    public String aupVersion;
    @Column(name = "aup_accepted_at")
    public Instant aupAcceptedAt;
    @Column(name = "adult_attested")
    public boolean adultAttested;

    /** The composite key. */
    public static class Key implements Serializable {
        public String tenantId;
        public String id;

        public Key() {
        }

        public Key(String tenantId, String id) {
            this.tenantId = tenantId;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, id);
        }
    }
}

package io.safetyplane.enforcement.model;

import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.safetyplane.enforcement.audit.AuditEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the append-only audit log; {@link #entry()} is what the hash chain covers. */
@Entity
@Table(name = "audit_log")
public class AuditRecord extends PanacheEntityBase {
    @Id
    public long seq;
    public Instant at;
    @Column(name = "actor_id")
    public String actorId;
    @Column(name = "actor_role")
    public String actorRole;
    public String action;
    @Column(name = "subject_type")
    public String subjectType;
    @Column(name = "subject_id")
    public String subjectId;
    public String reason;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> details;
    @Column(name = "prev_hash")
    public String prevHash;
    public String hash;

    public static AuditRecord of(AuditEntry e) {
        AuditRecord r = new AuditRecord();
        r.seq = e.sequence();
        r.at = e.time();
        r.actorId = e.actor().id();
        r.actorRole = e.actor().role();
        r.action = e.action();
        r.subjectType = e.subject().type();
        r.subjectId = e.subject().id();
        r.reason = e.reason();
        r.details = e.details();
        r.prevHash = e.previousHash();
        r.hash = e.hash();
        return r;
    }

    public AuditEntry entry() {
        return new AuditEntry(seq, at, new AuditEntry.Actor(actorId, actorRole), action, new AuditEntry.Subject(subjectType, subjectId),
                reason, details == null ? Map.of() : details, prevHash, hash);
    }
}

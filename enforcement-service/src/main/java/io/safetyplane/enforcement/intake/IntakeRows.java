package io.safetyplane.enforcement.intake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditEvent;
import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.model.OutboxEntity;
import io.safetyplane.enforcement.model.ProcessedEvent;
import io.safetyplane.enforcement.model.ReviewItemEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.safetyplane.enforcement.model.StrikeEntity;
import io.safetyplane.enforcement.model.ViolationEntity;
import io.safetyplane.enforcement.sanction.Sanctions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The rows of one intake batch, gathered in offset order and inserted table by table, each table with one batched
 * statement (one round trip), in foreign-key order. The rows are the entities the ORM paths persist, never persisted
 * here: each table's mapper below turns one into its statement's parameters.
 */
final class IntakeRows {
    private final Table sanctions = new Table("insert into sanctions (id, tenant_id, account_id, end_user_id, action, starts_at, ends_at,"
            + " category, rule, reason, violation_event_id, automated, pending_second_review, lifted_at, lifted_reason, decided_by,"
            + " lifted_by, replaces, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)");
    private final Table strikes = new Table("insert into strikes (id, sanction_id, tenant_id, account_id, end_user_id, category, weight,"
            + " at, expires_at, removed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    private final Table outbox = new Table("insert into outbox (topic, record_key, event_id, event_type, payload, created_at, sent_at)"
            + " values ($1, $2, $3, $4, $5, $6, $7)");
    private final Table notices = new Table("insert into notices (id, sanction_id, tenant_id, account_id, end_user_id, kind, statement,"
            + " subject, body, appeal_deadline, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    private final Table deliveries = new Table("insert into notice_deliveries (notice_id, tenant_id, attempts, next_attempt_at,"
            + " delivered_at, last_error) values ($1, $2, $3, $4, $5, $6)");
    private final Table violations = new Table("insert into violations (event_id, tenant_id, account_id, end_user_id, detector,"
            + " category, severity, verdict, stage, reportable, content_id, policy_version, occurred_at, received_at, ladder_reason,"
            + " sanction_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)");
    private final Table reviewItems = new Table("insert into review_items (id, kind, state, queue, tenant_id, account_id, end_user_id,"
            + " category, violation_event_id, decision_event_id, abuse_report_id, sanction_id, automated_verdict, created_at,"
            + " first_reviewer, first_outcome, first_reviewed_at, outcome, decided_by, decided_at, note)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)");
    private final Table audit = new Table("insert into audit_log (seq, at, actor_id, actor_role, action, subject_type, subject_id,"
            + " reason, details, prev_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    private final Table processed = new Table("insert into processed_events (event_id, topic, processed_at) values ($1, $2, $3)");
    /** Foreign-key order (the keys are checked at commit anyway, V8). */
    private final List<Table> tables = List.of(sanctions, strikes, outbox, notices, deliveries, violations, reviewItems, audit, processed);

    private final List<AuditEvent> auditEvents = new ArrayList<>();

    void add(Sanctions.Imposition i) {
        sanctions.rows.add(sanction(i.sanction()));
        strikes.rows.add(strike(i.strike()));
        outbox.rows.add(outbox(i.announcement()));
        notices.rows.add(notice(i.notice().notice()));
        deliveries.rows.add(delivery(i.notice().delivery()));
        auditEvents.add(i.audit());
    }

    void add(ViolationEntity v) {
        violations.rows.add(violation(v));
    }

    void add(ReviewItemEntity item) {
        reviewItems.rows.add(reviewItem(item));
    }

    void add(ProcessedEvent p) {
        processed.rows.add(row(p.eventId, p.topic, ts(p.processedAt)));
    }

    /** The audit events of the batch's sanctions, in order; {@link #insert} takes their entries once chained. */
    List<AuditEvent> auditEvents() {
        return auditEvents;
    }

    /** Inserts every row in the transaction of {@code conn}, with the audit entries {@link #auditEvents} became. */
    Uni<Void> insert(SqlConnection conn, List<AuditEntry> auditEntries) {
        auditEntries.forEach(e -> audit.rows.add(auditEntry(e)));
        return Multi.createFrom().iterable(tables).filter(t -> !t.rows.isEmpty())
                .onItem().transformToUniAndConcatenate(t -> conn.preparedQuery(t.insert).executeBatch(t.rows))
                .collect().last().replaceWithVoid();
    }

    private record Table(String insert, List<Tuple> rows) {
        Table(String insert) {
            this(insert, new ArrayList<>());
        }
    }

    private static Tuple sanction(SanctionEntity e) {
        return row(e.id, e.tenantId, e.accountId, e.endUserId, e.action, ts(e.startsAt), ts(e.endsAt), e.category, e.rule, e.reason,
                e.violationEventId, e.automated, e.pendingSecondReview, ts(e.liftedAt), e.liftedReason, e.decidedBy, e.liftedBy, e.replaces,
                ts(e.createdAt));
    }

    private static Tuple strike(StrikeEntity k) {
        return row(k.id, k.sanctionId, k.tenantId, k.accountId, k.endUserId, k.category, k.weight, ts(k.at), ts(k.expiresAt),
                ts(k.removedAt));
    }

    private static Tuple outbox(OutboxEntity o) {
        return row(o.topic, o.recordKey, o.eventId, o.eventType, Buffer.buffer(o.payload), ts(o.createdAt), ts(o.sentAt));
    }

    private static Tuple notice(NoticeEntity n) {
        return row(n.id, n.sanctionId, n.tenantId, n.accountId, n.endUserId, n.kind, new JsonObject(n.statement), n.subject, n.body,
                ts(n.appealDeadline), ts(n.createdAt));
    }

    private static Tuple delivery(NoticeDeliveryEntity d) {
        return row(d.noticeId, d.tenantId, d.attempts, ts(d.nextAttemptAt), ts(d.deliveredAt), d.lastError);
    }

    private static Tuple violation(ViolationEntity v) {
        return row(v.eventId, v.tenantId, v.accountId, v.endUserId, v.detector, v.category, v.severity, v.verdict, v.stage,
                v.reportable, v.contentId, v.policyVersion, ts(v.occurredAt), ts(v.receivedAt), v.ladderReason, v.sanctionId);
    }

    private static Tuple reviewItem(ReviewItemEntity r) {
        return row(r.id, r.kind, r.state, r.queue, r.tenantId, r.accountId, r.endUserId, r.category, r.violationEventId,
                r.decisionEventId, r.abuseReportId, r.sanctionId, r.automatedVerdict, ts(r.createdAt), r.firstReviewer, r.firstOutcome,
                ts(r.firstReviewedAt), r.outcome, r.decidedBy, ts(r.decidedAt), r.note);
    }

    private static Tuple auditEntry(AuditEntry e) {
        return row(e.sequence(), ts(e.time()), e.actor().id(), e.actor().role(), e.action(), e.subject().type(), e.subject().id(),
                e.reason(), new JsonObject(new LinkedHashMap<String, Object>(e.details())), e.previousHash(), e.hash());
    }

    private static Tuple row(Object... values) {
        return Tuple.wrap(values);
    }

    private static OffsetDateTime ts(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

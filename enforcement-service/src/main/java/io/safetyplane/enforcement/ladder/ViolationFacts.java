package io.safetyplane.enforcement.ladder;

import io.safetyplane.contracts.events.v1.Violation;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the ladder needs to know about one violation event. Strings are never null; an empty one means absent.
 *
 * @param eventId    the violation's event id (for audit and idempotency)
 * @param tenantId   the business customer, or {@value #SELF_SERVE_TENANT} for individual accounts
 * @param accountId  the platform account that made the call
 * @param endUserId  the business's own id for its end user; empty when not supplied
 * @param category   policy category as sent by the detector, trimmed and lower-cased (may be unknown to the ladder)
 * @param severity   the detector's severity
 * @param verdict    the detector's action on the content
 * @param stage      where the content came in
 * @param reportable the detector marked it for NCMEC's CyberTipline
 * @param detector   the service that detected it, e.g. {@code hash-service}
 * @param occurredAt when it was detected
 */
public record ViolationFacts(String eventId, String tenantId, String accountId, String endUserId, String category,
        Severity severity, Verdict verdict, Stage stage, boolean reportable, String detector, Instant occurredAt) {

    /** Tenant id of individual (non-business) accounts. */
    public static final String SELF_SERVE_TENANT = "self-serve";

    /** The detector's action on the content; only {@link #BLOCK} and {@link #BLOCK_AND_REPORT} can sanction. */
    public enum Verdict {
        UNSPECIFIED, ALLOW, REVIEW, BLOCK, BLOCK_AND_REPORT
    }

    public ViolationFacts {
        eventId = Objects.requireNonNullElse(eventId, "");
        tenantId = Objects.requireNonNullElse(tenantId, "").trim();
        accountId = Objects.requireNonNullElse(accountId, "").trim();
        endUserId = Objects.requireNonNullElse(endUserId, "").trim();
        category = Objects.requireNonNullElse(category, "").trim().toLowerCase(Locale.ROOT);
        severity = Objects.requireNonNullElse(severity, Severity.UNSPECIFIED);
        verdict = Objects.requireNonNullElse(verdict, Verdict.UNSPECIFIED);
        stage = Objects.requireNonNullElse(stage, Stage.UNSPECIFIED);
        detector = Objects.requireNonNullElse(detector, "");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The facts of a protobuf violation event; unset or unrecognised enum values become {@code UNSPECIFIED}. */
    public static ViolationFacts of(Violation v) {
        var c = v.getContext();
        return new ViolationFacts(v.getEventId(), c.getTenantId(), c.getAccountId(), c.getEndUserId(), v.getCategory(),
                severity(v.getSeverity()), verdict(v.getAction()), stage(v.getStage()), v.getReportable(), v.getDetector(),
                Instant.ofEpochMilli(v.getOccurredAtMillis()));
    }

    /** The same facts with another verdict, e.g. a reviewer's block of content the detector sent for review. */
    public ViolationFacts withVerdict(Verdict v) {
        return new ViolationFacts(eventId, tenantId, accountId, endUserId, category, severity, v, stage, reportable, detector,
                occurredAt);
    }

    /** True when the tenant is a business customer (set and not {@value #SELF_SERVE_TENANT}). */
    public boolean businessTenant() {
        return !tenantId.isEmpty() && !tenantId.equals(SELF_SERVE_TENANT);
    }

    /** True when the business supplied an end-user id. */
    public boolean hasEndUser() {
        return !endUserId.isEmpty();
    }

    private static Severity severity(io.safetyplane.contracts.events.v1.Severity s) {
        return switch (s) {
            case SEVERITY_LOW -> Severity.LOW;
            case SEVERITY_MEDIUM -> Severity.MEDIUM;
            case SEVERITY_HIGH -> Severity.HIGH;
            case SEVERITY_CRITICAL -> Severity.CRITICAL;
            default -> Severity.UNSPECIFIED;
        };
    }

    private static Verdict verdict(io.safetyplane.contracts.events.v1.Action a) {
        return switch (a) {
            case ACTION_ALLOW -> Verdict.ALLOW;
            case ACTION_REVIEW -> Verdict.REVIEW;
            case ACTION_BLOCK -> Verdict.BLOCK;
            case ACTION_BLOCK_AND_REPORT -> Verdict.BLOCK_AND_REPORT;
            default -> Verdict.UNSPECIFIED;
        };
    }

    private static Stage stage(io.safetyplane.contracts.events.v1.ContentStage s) {
        return switch (s) {
            case CONTENT_STAGE_PROMPT -> Stage.PROMPT;
            case CONTENT_STAGE_UPLOAD -> Stage.UPLOAD;
            case CONTENT_STAGE_OUTPUT -> Stage.OUTPUT;
            default -> Stage.UNSPECIFIED;
        };
    }
}

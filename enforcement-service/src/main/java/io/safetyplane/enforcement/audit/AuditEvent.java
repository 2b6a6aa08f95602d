package io.safetyplane.enforcement.audit;

import java.time.Instant;
import java.util.Map;

/** What an audit entry records, before it takes its place in the chain ({@link AuditLog}). */
public record AuditEvent(AuditEntry.Actor actor, String action, AuditEntry.Subject subject, String reason, Map<String, String> details) {

    /** The entry that records this event after {@code previousOrNull}, at {@code time}. */
    public AuditEntry after(AuditEntry previousOrNull, Instant time) {
        return AuditChain.append(previousOrNull, time, actor, action, subject, reason, details);
    }
}

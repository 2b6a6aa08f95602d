package io.safetyplane.enforcement.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One entry of the append-only audit log: who did what, to what, when and why. The entry is linked to the one before
 * it by {@link #previousHash()}. Create entries with {@link AuditChain#append}, which computes the sequence number and
 * the hashes. The constructor only checks the shape of the values, so that an entry read back from storage can hold
 * wrong hashes for {@link AuditChain#verify} to find.
 *
 * @param sequence position in the log, starting at 1
 * @param time when the action happened, truncated to microseconds by {@link AuditChain#append}
 * @param actor who acted: a person with a role, or {@code system:<component>}
 * @param action what was done: lower-case dotted words, for example {@code sanction.applied},
 *        {@code appeal.decided} or {@code evidence.read}
 * @param subject what it was done to
 * @param reason why, in words. Required.
 * @param details a few extra facts, for example {@code decisionId} or {@code strikes}. The map is copied into a
 *        sorted, unmodifiable map.
 * @param previousHash hex SHA-256 of the entry before, or 64 zeros for the first entry
 * @param hash hex SHA-256 of {@code previousHash} and this entry's canonical bytes (see {@link AuditChain})
 */
public record AuditEntry(long sequence, Instant time, Actor actor, String action, Subject subject, String reason,
        Map<String, String> details, String previousHash, String hash) {

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

    public AuditEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence: must be 1 or more");
        }
        if (time == null) {
            throw new IllegalArgumentException("time: required");
        }
        if (actor == null) {
            throw new IllegalArgumentException("actor: required");
        }
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action: lower-case dotted words such as sanction.applied, got '"
                    + action + "'");
        }
        if (subject == null) {
            throw new IllegalArgumentException("subject: required");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: required");
        }
        TreeMap<String, String> sorted = new TreeMap<>(AuditChain.UTF8_ORDER);
        if (details != null) {
            for (Map.Entry<String, String> e : details.entrySet()) {
                if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                    throw new IllegalArgumentException("details: keys must be non-empty and values non-null");
                }
                sorted.put(e.getKey(), e.getValue());
            }
        }
        details = Collections.unmodifiableSortedMap(sorted);
        if (previousHash == null || !HEX_256.matcher(previousHash).matches()) {
            throw new IllegalArgumentException("previous_hash: 64 lower-case hex digits");
        }
        if (hash == null || !HEX_256.matcher(hash).matches()) {
            throw new IllegalArgumentException("hash: 64 lower-case hex digits");
        }
    }

    /**
     * Who acted.
     *
     * @param id a user id, or {@code system:<component>} for the service itself
     * @param role the person's role, for example {@code moderator} or {@code child_safety}, or {@code system}
     */
    public record Actor(String id, String role) {
        public static final String SYSTEM_PREFIX = "system:";
        public static final String SYSTEM_ROLE = "system";

        public Actor {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("actor.id: required");
            }
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("actor.role: required");
            }
            if (id.startsWith(SYSTEM_PREFIX) != SYSTEM_ROLE.equals(role)) {
                throw new IllegalArgumentException("actor: 'system:' ids go with the role 'system' and only with it");
            }
        }

        /** A person acting in a role. */
        public static Actor user(String userId, String role) {
            return new Actor(userId, role);
        }

        /** A component of the service acting on its own, for example {@code system:ladder}. */
        public static Actor system(String component) {
            if (component == null || component.isBlank()) {
                throw new IllegalArgumentException("actor.id: component required");
            }
            return new Actor(SYSTEM_PREFIX + component, SYSTEM_ROLE);
        }

        /** Whether the service acted on its own (an automated action). */
        public boolean isSystem() {
            return SYSTEM_ROLE.equals(role);
        }
    }

    /**
     * What an action was done to.
     *
     * @param type for example {@code account}, {@code decision}, {@code appeal} or {@code evidence}
     * @param id the subject's id
     */
    public record Subject(String type, String id) {
        public Subject {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("subject.type: required");
            }
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("subject.id: required");
            }
        }
    }
}

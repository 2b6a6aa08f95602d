package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.safetyplane.enforcement.model.EvidenceEntity;

/**
 * The one translation between the {@code evidence} row ({@link EvidenceEntity}) and the plain-Java
 * {@link EvidenceRecord} / {@link Preservation}: every transition reads the row through {@link #record} and writes the
 * result back through {@link #store}, which also keeps {@code purge_after} ({@link Preservation#earliestPurge()}) and the
 * sealed columns in step. The jsonb columns hold instants as ISO-8601 strings.
 */
public final class EvidenceMapping {

    private EvidenceMapping() {
    }

    /** The record stored in {@code e}: its preservation and, while readable, its sealed bytes. */
    public static EvidenceRecord record(EvidenceEntity e) {
        Preservation p = preservation(e);
        SealedEvidence sealed = e.ciphertext == null ? null
                : new SealedEvidence(new WrappedKey(e.kekId, e.wrappedKey), e.nonce, e.ciphertext);
        return new EvidenceRecord(e.id.toString(), e.contentType, p, sealed);
    }

    /** The preservation state stored in {@code e}. */
    public static Preservation preservation(EvidenceEntity e) {
        return new Preservation(e.detectedAt, e.reportFiledAt, dismissal(e.dismissal), holds(e.holds),
                destruction(e.destruction), e.purgedAt);
    }

    /**
     * Writes {@code p} into {@code e}, with {@code purge_after}; once the bytes are gone (destroyed or purged) the
     * sealed columns are cleared, as {@link EvidenceRecord} does. The sealed bytes themselves never change otherwise.
     */
    public static void store(Preservation p, EvidenceEntity e) {
        e.detectedAt = p.detectedAt();
        e.reportFiledAt = p.reportFiledAt();
        e.dismissal = p.dismissal() == null ? null : dismissal(p.dismissal());
        e.holds = p.holds().stream().map(EvidenceMapping::hold).toList();
        e.destruction = p.destruction() == null ? null : destruction(p.destruction());
        e.purgedAt = p.purgedAt();
        e.purgeAfter = p.earliestPurge().orElse(null);
        if (!p.readable()) {
            e.kekId = null;
            e.wrappedKey = null;
            e.nonce = null;
            e.ciphertext = null;
        }
    }

    /** Writes a new record into {@code e}: its sealed bytes and its preservation. */
    public static void store(EvidenceRecord r, EvidenceEntity e) {
        if (!r.id().equals(String.valueOf(e.id))) {
            throw new IllegalArgumentException("record " + r.id() + " is not evidence " + e.id);
        }
        e.contentType = r.contentType();
        if (r.sealed() != null) {
            e.kekId = r.sealed().wrappedKey().kekId();
            e.wrappedKey = r.sealed().wrappedKey().bytes();
            e.nonce = r.sealed().nonce();
            e.ciphertext = r.sealed().ciphertext();
        }
        store(r.preservation(), e);
    }

    static Map<String, Object> dismissal(Dismissal d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", d.by());
        m.put("at", d.at().toString());
        m.put("reason", d.reason());
        return m;
    }

    static Map<String, Object> hold(LegalHold h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", h.reference());
        m.put("placedBy", h.placedBy());
        m.put("placedAt", h.placedAt().toString());
        m.put("until", text(h.until()));
        m.put("liftedAt", text(h.liftedAt()));
        m.put("liftedBy", h.liftedBy());
        return m;
    }

    static Map<String, Object> destruction(Destruction d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestedBy", d.requestedBy());
        m.put("reference", d.reference());
        m.put("requestedAt", d.requestedAt().toString());
        m.put("destroyedBy", d.destroyedBy());
        m.put("destroyedAt", d.destroyedAt().toString());
        return m;
    }

    private static Dismissal dismissal(Map<String, Object> m) {
        return m == null ? null : new Dismissal(string(m, "by"), instant(m, "at"), string(m, "reason"));
    }

    private static List<LegalHold> holds(List<Map<String, Object>> list) {
        List<LegalHold> holds = new ArrayList<>();
        if (list != null) {
            for (Map<String, Object> m : list) {
                holds.add(new LegalHold(string(m, "reference"), string(m, "placedBy"), instant(m, "placedAt"),
                        instant(m, "until"), instant(m, "liftedAt"), string(m, "liftedBy")));
            }
        }
        return holds;
    }

    private static Destruction destruction(Map<String, Object> m) {
        return m == null ? null : new Destruction(string(m, "requestedBy"), string(m, "reference"),
                instant(m, "requestedAt"), string(m, "destroyedBy"), instant(m, "destroyedAt"));
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static Instant instant(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : Instant.parse(v.toString());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}

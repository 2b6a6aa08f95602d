package io.safetyplane.enforcement.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * The evidence vault: stores the bytes of apparent CSAM sealed ({@link EvidenceCipher}), keeps them as
 * {@link Preservation} says, and opens them only for an audited reader. Every method runs in the caller's reactive
 * session and transaction, except the purge ({@link #purgeDue}, {@link #purge}), which makes its own.
 *
 * <p>Every change of a record goes through {@link EvidenceMapping} and leaves an audit entry in the same transaction.
 * Staff transitions refused by the record's state fail with {@code Failure} CONFLICT ({@value #CONFLICT}) and
 * Preservation's reason; on evidence whose bytes are gone they throw {@link PreservationException} GONE.
 */
@ApplicationScoped
public class EvidenceVault {
    private static final Logger LOG = Logger.getLogger(EvidenceVault.class);

    public static final String INVALID = "evidence-invalid";
    public static final String TOO_LARGE = "evidence-too-large";
    public static final String HASH_MISMATCH = "evidence-hash-mismatch";
    public static final String UNKNOWN = "unknown-evidence";
    public static final String CONFLICT = "evidence-conflict";
    public static final String PREVIEW_UNAVAILABLE = "preview-unavailable";

    public static final String UPLOAD = "upload";
    public static final String OUTPUT = "output";
    /** Where evidence is kept in the audit log. */
    public static final String SUBJECT = "evidence";
    /** The longest reference, reason or name a staff member may give, in characters. */
    public static final int MAX_TEXT = 500;

    private static final Pattern HEX_32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
    /** type/subtype, optionally with parameters (RFC 6838 restricted names). */
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\\s*;[\\x20-\\x7e]*)?");
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/png", ".png"),
            Map.entry("image/jpeg", ".jpg"), Map.entry("image/jpg", ".jpg"), Map.entry("image/gif", ".gif"),
            Map.entry("image/webp", ".webp"), Map.entry("image/bmp", ".bmp"), Map.entry("image/tiff", ".tif"),
            Map.entry("image/heic", ".heic"), Map.entry("image/heif", ".heif"), Map.entry("image/avif", ".avif"),
            Map.entry("video/mp4", ".mp4"), Map.entry("video/quicktime", ".mov"), Map.entry("video/webm", ".webm"),
            Map.entry("audio/mpeg", ".mp3"), Map.entry("audio/wav", ".wav"), Map.entry("audio/ogg", ".ogg"),
            Map.entry("model/gltf-binary", ".glb"), Map.entry("model/gltf+json", ".gltf"));
    private static final Set<String> HASH_TYPES = Set.of("pdq", "md5", "sha256");

    private final EvidenceCipher cipher;
    private final EvidencePreview preview;
    private final AuditLog audit;
    private final Clock clock;
    private final long maxBytes;
    private final int purgeBatch;
    private final Counter preserved;
    private final Counter purged;

    public EvidenceVault(EvidenceCipher cipher, EvidencePreview preview, AuditLog audit, Clock clock, EnforcementConfig config,
            MeterRegistry meters) {
        this.cipher = cipher;
        this.preview = preview;
        this.audit = audit;
        this.clock = clock;
        this.maxBytes = config.evidence().maxBytes().asLongValue();
        this.purgeBatch = config.evidence().purgeBatchSize();
        this.preserved = Counter.builder("enforcement_evidence_preserved").description("Evidence files preserved (new ones)")
                .register(meters);
        this.purged = Counter.builder("enforcement_evidence_purged")
                .description("Evidence files purged after their preservation ended").register(meters);
    }

    /**
     * One file handed over for preservation, with what is known of where it came from.
     *
     * @param stage {@code upload} or {@code output}
     * @param hashes the hashes the detector computed, by type ({@code pdq}, {@code md5}, {@code sha256}); the vault
     *        computes MD5 and SHA-256 itself and refuses values that disagree
     * @param matches the bank matches that triggered it: bank, entryId, externalId, signalType, distance, action
     */
    public record Submission(Target target, String requestId, String contentId, String violationEventId, String category,
            String contentType, String originalFileName, String stage, Instant receivedAt, String clientIp, String model,
            boolean publiclyAvailable, Map<String, String> hashes, List<Map<String, Object>> matches, byte[] bytes) {
    }

    /**
     * Seals and stores {@code submission}, or finds it stored already (the same violation and the same bytes): the
     * evidence, and whether it was new. Over the size limit, without bytes, or with hashes that disagree with the bytes:
     * {@code Failure} INVALID / TOO_LARGE with the reason.
     */
    public Uni<Preserved> preserve(Submission submission) {
        Digests digests;
        try {
            digests = check(submission);
        } catch (Failure f) {
            return Uni.createFrom().failure(f);
        }
        return EvidenceEntity.<EvidenceEntity>find("violationEventId = ?1 and sha256 = ?2", submission.violationEventId(),
                digests.sha256()).firstResult()
                .flatMap(existing -> existing != null ? Uni.createFrom().item(new Preserved(existing, false))
                        : create(submission, digests));
    }

    public record Preserved(EvidenceEntity evidence, boolean created) {
    }

    /** The digests of a checked submission, lower-case hex. */
    private record Digests(String md5, String sha256, String pdq) {
    }

    private Digests check(Submission s) {
        if (s == null || s.bytes() == null || s.bytes().length == 0) {
            throw invalid("data: no bytes to preserve");
        }
        if (s.target() == null || s.target().tenantId().isBlank()) {
            throw invalid("tenant_id: required");
        }
        if (s.target().accountId().isBlank()) {
            throw invalid("account_id: required");
        }
        if (blank(s.violationEventId())) {
            throw invalid("violation_event_id: required (the violation the detector emitted for this content)");
        }
        if (s.violationEventId().length() > 200) {
            throw invalid("violation_event_id: at most 200 characters");
        }
        if (blank(s.contentType())) {
            throw invalid("content_type: required (the declared media type of the bytes, e.g. image/png)");
        }
        if (!CONTENT_TYPE.matcher(s.contentType()).matches()) {
            throw invalid("content_type: '" + abbreviate(s.contentType()) + "' is not a media type such as image/png");
        }
        if (!UPLOAD.equals(s.stage()) && !OUTPUT.equals(s.stage())) {
            throw invalid("stage: '" + s.stage() + "' is neither " + UPLOAD + " nor " + OUTPUT);
        }
        if (s.originalFileName() != null && s.originalFileName().length() > 1000) {
            throw invalid("original_file_name: at most 1000 characters");
        }
        if (s.bytes().length > maxBytes) {
            throw new Failure(Failure.Kind.TOO_LARGE, TOO_LARGE, "Evidence too large", "the file has " + s.bytes().length
                    + " bytes; the limit (enforcement-service.evidence.max-bytes) is " + maxBytes);
        }
        Map<String, String> hashes = s.hashes() == null ? Map.of() : s.hashes();
        String md5 = hex("MD5", s.bytes());
        String sha256 = hex("SHA-256", s.bytes());
        String pdq = null;
        for (Map.Entry<String, String> h : hashes.entrySet()) {
            String type = h.getKey() == null ? "" : h.getKey().strip().toLowerCase(Locale.ROOT);
            String value = h.getValue() == null ? "" : h.getValue().strip();
            switch (type) {
                case "md5" -> agree("md5", value, HEX_32, 32, md5);
                case "sha256" -> agree("sha256", value, HEX_64, 64, sha256);
                case "pdq" -> {
                    if (!HEX_64.matcher(value).matches()) {
                        throw invalid("hashes.pdq: '" + abbreviate(value) + "' is not 64 hex digits");
                    }
                    pdq = value.toLowerCase(Locale.ROOT);
                }
                default -> LOG.debugf("hash type '%s' not kept (the vault keeps %s)", type, HASH_TYPES);
            }
        }
        return new Digests(md5, sha256, pdq);
    }

    private static void agree(String type, String value, Pattern shape, int digits, String computed) {
        if (!shape.matcher(value).matches()) {
            throw invalid("hashes." + type + ": '" + abbreviate(value) + "' is not " + digits + " hex digits");
        }
        if (!value.equalsIgnoreCase(computed)) {
            throw Failure.invalid(HASH_MISMATCH, "Hash mismatch", "hashes." + type + ": " + value.toLowerCase(Locale.ROOT)
                    + " is not the " + type + " of the bytes (" + computed + ")");
        }
    }

    private Uni<Preserved> create(Submission s, Digests d) {
        Instant now = clock.instant();
        EvidenceEntity e = new EvidenceEntity();
        e.id = UUID.randomUUID();
        e.tenantId = s.target().tenantId();
        e.accountId = s.target().accountId();
        e.endUserId = s.target().endUserId();
        e.requestId = orEmpty(s.requestId());
        e.contentId = orEmpty(s.contentId());
        e.violationEventId = s.violationEventId();
        e.category = orEmpty(s.category());
        e.fileName = fileName(s.stage(), d.sha256(), s.contentType());
        e.originalFileName = blank(s.originalFileName()) ? null : s.originalFileName();
        e.sizeBytes = s.bytes().length;
        e.md5 = d.md5();
        e.sha256 = d.sha256();
        e.pdq = d.pdq();
        e.stage = s.stage();
        e.clientIp = orEmpty(s.clientIp());
        e.model = orEmpty(s.model());
        e.publiclyAvailable = s.publiclyAvailable();
        e.matches = s.matches() == null ? List.of() : new ArrayList<>(s.matches());
        e.receivedAt = s.receivedAt() == null ? now : s.receivedAt();
        e.createdAt = now;
        EvidenceMapping.store(EvidenceRecord.preserve(e.id.toString(), s.contentType(), s.bytes(), now, cipher), e);
        AuditEntry.Actor actor = AuditEntry.Actor.system(e.matches.isEmpty() ? "gate" : "hash-service");
        return e.<EvidenceEntity>persist()
                .chain(() -> audit.append(actor, "evidence.preserved", subject(e), "preserved for violation " + e.violationEventId,
                        Map.of("violation", e.violationEventId, "sha256", e.sha256, "size", String.valueOf(e.sizeBytes),
                                "stage", e.stage, "contentType", e.contentType)))
                .invoke(() -> preserved.increment())
                .replaceWith(new Preserved(e, true));
    }

    /** {@code <stage>-<first 16 hex digits of the SHA-256><extension of the content type>}, e.g. {@code upload-9f86d081884c7d65.png}. */
    static String fileName(String stage, String sha256, String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return stage + "-" + sha256.substring(0, 16) + EXTENSIONS.getOrDefault(base, ".bin");
    }

    /** One record by id, or {@code Failure} NOT_FOUND ({@value #UNKNOWN}). */
    public Uni<EvidenceEntity> get(UUID id) {
        return EvidenceEntity.<EvidenceEntity>findById(id).map(e -> found(e, id));
    }

    /** The evidence of one incident's report, in the order it was preserved; metadata only, the bytes stay sealed. */
    public Uni<List<EvidenceEntity>> filesOf(UUID tiplineReportId) {
        return EvidenceEntity.<EvidenceEntity>find("tiplineReportId = ?1 order by createdAt, id", tiplineReportId).list();
    }

    /** The evidence preserved for one violation, in the order it was preserved. */
    public Uni<List<EvidenceEntity>> ofViolation(String violationEventId) {
        return EvidenceEntity.<EvidenceEntity>find("violationEventId = ?1 order by createdAt, id", violationEventId).list();
    }

    /**
     * The plaintext of one record, with an audit entry naming {@code reader} and {@code purpose}.
     *
     * @throws PreservationException   GONE when destroyed or purged
     * @throws EvidenceCryptoException when the stored bytes do not authenticate
     */
    public Uni<byte[]> open(EvidenceEntity evidence, AuditEntry.Actor reader, String purpose) {
        return open(evidence, reader, purpose, "evidence.read");
    }

    /** The plaintext of one record for a reviewer's preview ({@link #render}), audited as {@code evidence.preview}. */
    public Uni<byte[]> openForPreview(EvidenceEntity evidence, AuditEntry.Actor reader) {
        return open(evidence, reader, "blurred greyscale preview for review", "evidence.preview");
    }

    private Uni<byte[]> open(EvidenceEntity e, AuditEntry.Actor reader, String purpose, String action) {
        return Uni.createFrom().deferred(() -> {
            if (blank(purpose)) {
                throw invalid("purpose: say why the evidence is read");
            }
            EvidenceRecord r = EvidenceMapping.record(e);
            r.preservation().requireReadable();
            return audit.append(reader, action, subject(e), purpose.strip(), Map.of("violation", e.violationEventId,
                    "sha256", e.sha256)).map(x -> r.open(cipher));
        });
    }

    /**
     * The blurred greyscale PNG of {@code bytes} ({@link EvidencePreview}); CPU-bound, so call it off the event loop
     * and outside the transaction. Not an image, corrupt or over the limits: {@code Failure} UNPROCESSABLE
     * ({@value #PREVIEW_UNAVAILABLE}).
     */
    public byte[] render(byte[] bytes) {
        try {
            return preview.render(bytes);
        } catch (PreviewUnavailableException e) {
            throw new Failure(Failure.Kind.UNPROCESSABLE, PREVIEW_UNAVAILABLE, "No preview",
                    e.getMessage() + " (" + e.reason() + ")");
        }
    }

    /** Links the evidence of {@code violationEventId} to the report queued for it. */
    public Uni<Void> attach(String violationEventId, UUID tiplineReportId) {
        AuditEntry.Actor actor = AuditEntry.Actor.system("tipline-queue");
        return ofViolation(violationEventId).flatMap(list -> each(list, e -> {
            if (tiplineReportId.equals(e.tiplineReportId)) {
                return Uni.createFrom().voidItem();
            }
            if (e.tiplineReportId != null) {
                LOG.warnf("evidence %s stays with report %s, not %s", e.id, e.tiplineReportId, tiplineReportId);
                return Uni.createFrom().voidItem();
            }
            e.tiplineReportId = tiplineReportId;
            return audit.append(actor, "evidence.attached", subject(e), "the CyberTipline report of its violation was queued",
                    Map.of("report", tiplineReportId.toString(), "violation", violationEventId)).replaceWithVoid();
        }));
    }

    /**
     * The report was filed at {@code at}: its evidence is preserved for a year from then. Records whose bytes are gone,
     * dismissed ones and ones filed at another instant are left as they are (logged); a replay of the same filing
     * changes nothing.
     */
    public Uni<Void> reportFiled(UUID tiplineReportId, Instant at) {
        AuditEntry.Actor actor = AuditEntry.Actor.system("tipline");
        return filesOf(tiplineReportId).flatMap(list -> each(list, e -> {
            Preservation p = EvidenceMapping.preservation(e);
            Preservation next;
            try {
                next = p.reportFiled(at);
            } catch (PreservationException ex) {
                LOG.warnf("evidence %s of report %s: filing at %s not recorded: %s", e.id, tiplineReportId, at, ex.getMessage());
                return Uni.createFrom().voidItem();
            }
            if (next.equals(p)) {
                return Uni.createFrom().voidItem();
            }
            EvidenceMapping.store(next, e);
            return audit.append(actor, "evidence.report_filed", subject(e),
                    "the CyberTipline report was filed; preserved until " + next.preservedUntil().orElseThrow(),
                    Map.of("report", tiplineReportId.toString(), "filedAt", at.toString())).replaceWithVoid();
        }));
    }

    /**
     * The evidence of a violation will not be reported (reviewers overturned it, or its report was retracted):
     * dismissed, purgeable once no legal hold keeps it.
     */
    public Uni<Void> dismissViolation(String violationEventId, AuditEntry.Actor by, String reason) {
        return ofViolation(violationEventId).flatMap(list -> dismiss(list, by, reason));
    }

    /** As {@link #dismissViolation}, for the evidence of a retracted report. */
    public Uni<Void> dismissReport(UUID tiplineReportId, AuditEntry.Actor by, String reason) {
        return filesOf(tiplineReportId).flatMap(list -> dismiss(list, by, reason));
    }

    /** Dismisses each record still awaiting its report; reported, dismissed, destroyed and purged ones stay as they are. */
    private Uni<Void> dismiss(List<EvidenceEntity> list, AuditEntry.Actor by, String reason) {
        String why = blank(reason) ? "will not be reported" : reason.strip();
        return each(list, e -> {
            Preservation p = EvidenceMapping.preservation(e);
            if (!p.readable() || p.reportFiledAt() != null || p.dismissal() != null) {
                return Uni.createFrom().voidItem();
            }
            EvidenceMapping.store(p.dismiss(new Dismissal(by.id(), clock.instant(), why)), e);
            return audit.append(by, "evidence.dismissed", subject(e), why, Map.of("violation", e.violationEventId))
                    .replaceWithVoid();
        });
    }

    /**
     * Places the legal hold {@code reference} on a record, until {@code until} (in the future) or, when null, until
     * lifted. Audited as {@code evidence.hold.placed}.
     */
    public Uni<EvidenceEntity> placeHold(UUID id, String reference, Instant until, AuditEntry.Actor actor) {
        return Uni.createFrom().deferred(() -> {
            String ref = text("reference", reference);
            Instant now = clock.instant();
            if (until != null && !until.isAfter(now)) {
                throw invalid("until: " + until + " is not in the future");
            }
            LegalHold hold = until == null ? LegalHold.untilLifted(ref, actor.id(), now) : LegalHold.until(ref, actor.id(), now, until);
            Map<String, String> details = new HashMap<>(Map.of("reference", ref));
            if (until != null) {
                details.put("until", until.toString());
            }
            return transition(id, p -> p.placeHold(hold), actor, "evidence.hold.placed",
                    "legal hold " + ref + (until == null ? " until lifted" : " until " + until), details);
        });
    }

    /** Lifts the legal hold {@code reference}. Audited as {@code evidence.hold.lifted}. */
    public Uni<EvidenceEntity> liftHold(UUID id, String reference, AuditEntry.Actor actor) {
        return Uni.createFrom().deferred(() -> {
            String ref = text("reference", reference);
            return transition(id, p -> p.liftHold(ref, actor.id(), clock.instant()), actor, "evidence.hold.lifted",
                    "legal hold " + ref + " lifted", Map.of("reference", ref));
        });
    }

    /**
     * Destroys the bytes on a law-enforcement request (18 U.S.C. §2258B(c)); the record of who asked stays. Refused
     * (CONFLICT) while a legal hold is in force. Audited as {@code evidence.destroyed}.
     */
    public Uni<EvidenceEntity> destroy(UUID id, String requestedBy, String reference, Instant requestedAt, AuditEntry.Actor actor) {
        return Uni.createFrom().deferred(() -> {
            String by = text("requestedBy", requestedBy);
            String ref = text("reference", reference);
            Instant now = clock.instant();
            if (requestedAt == null) {
                throw invalid("requestedAt: required (when law enforcement made the request)");
            }
            if (requestedAt.isAfter(now)) {
                throw invalid("requestedAt: " + requestedAt + " is in the future");
            }
            return transition(id, p -> p.destroy(new Destruction(by, ref, requestedAt, actor.id(), now)), actor,
                    "evidence.destroyed", "destroyed on the request of " + by + " (" + ref + ")",
                    Map.of("requestedBy", by, "reference", ref, "requestedAt", requestedAt.toString()));
        });
    }

    /** A staff transition of one record, under a row lock: stored, audited, or refused with the reason. */
    private Uni<EvidenceEntity> transition(UUID id, Function<Preservation, Preservation> change, AuditEntry.Actor actor,
            String action, String reason, Map<String, String> details) {
        return EvidenceEntity.<EvidenceEntity>findById(id, LockModeType.PESSIMISTIC_WRITE).flatMap(found -> {
            EvidenceEntity e = found(found, id);
            Preservation next;
            try {
                next = change.apply(EvidenceMapping.preservation(e));
            } catch (PreservationException ex) {
                if (ex.reason() == PreservationException.Reason.GONE) {
                    throw ex;
                }
                throw new Failure(Failure.Kind.CONFLICT, CONFLICT, "Not allowed in the evidence's state", ex.getMessage());
            } catch (IllegalArgumentException ex) {
                throw invalid(ex.getMessage());
            }
            EvidenceMapping.store(next, e);
            return audit.append(actor, action, subject(e), reason, details).replaceWith(e);
        });
    }

    /**
     * Purges, batch by batch (each its own transaction, {@code enforcement-service.evidence.purge-batch-size}), every
     * record whose {@code purge_after} has come at {@code now}; rows another replica is purging are skipped. The number
     * purged.
     */
    public Uni<Integer> purgeDue(Instant now) {
        return purgeDue(now, 0);
    }

    private Uni<Integer> purgeDue(Instant now, int sofar) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select id from evidence where purge_after <= :now and purged_at is null and destruction is null "
                        + "order by purge_after, id limit :limit for update skip locked", UUID.class)
                .setParameter("now", now).setParameter("limit", purgeBatch).getResultList())
                .flatMap(ids -> purgeEach(ids, now).map(n -> new int[] {ids.size(), n})))
                .flatMap(r -> r[0] < purgeBatch ? Uni.createFrom().item(sofar + r[1]) : purgeDue(now, sofar + r[1]));
    }

    /**
     * Purges those of {@code ids} that are expired at {@code now} (in a transaction of its own); the others are left as
     * they are. The number purged.
     */
    public Uni<Integer> purge(Instant now, Collection<UUID> ids) {
        return Panache.withTransaction(() -> purgeEach(List.copyOf(ids), now));
    }

    private Uni<Integer> purgeEach(List<UUID> ids, Instant now) {
        int[] count = {0};
        AuditEntry.Actor actor = AuditEntry.Actor.system("evidence-purge");
        return each(ids, id -> EvidenceEntity.<EvidenceEntity>findById(id, LockModeType.PESSIMISTIC_WRITE).flatMap(e -> {
            if (e == null) {
                return Uni.createFrom().voidItem();
            }
            Preservation p = EvidenceMapping.preservation(e);
            Uni<Void> done;
            if (p.readable() && p.expired(now)) {
                EvidenceMapping.store(p.purge(now), e);
                count[0]++;
                done = audit.append(actor, "evidence.purged", subject(e), "preservation ended at " + p.earliestPurge().orElseThrow(),
                        Map.of("violation", e.violationEventId, "sha256", e.sha256)).invoke(x -> purged.increment()).replaceWithVoid();
            } else {
                EvidenceMapping.store(p, e); // keeps purge_after in step, so the row is not picked again before its time
                done = Uni.createFrom().voidItem();
            }
            // the bytes are not kept in the session for the rest of the batch
            return done.chain(() -> Panache.getSession()).chain(s -> s.flush().invoke(() -> s.detach(e)));
        })).map(x -> count[0]);
    }

    /** Runs {@code step} on each item, one after the other (audit entries of a transaction are chained in order). */
    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item));
        }
        return chain;
    }

    private static EvidenceEntity found(EvidenceEntity e, UUID id) {
        if (e == null) {
            throw new Failure(Failure.Kind.NOT_FOUND, UNKNOWN, "Unknown evidence", "no evidence " + id);
        }
        return e;
    }

    private static AuditEntry.Subject subject(EvidenceEntity e) {
        return new AuditEntry.Subject(SUBJECT, e.id.toString());
    }

    private static String text(String field, String value) {
        if (blank(value)) {
            throw invalid(field + ": required");
        }
        if (value.strip().length() > MAX_TEXT) {
            throw invalid(field + ": at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static Failure invalid(String detail) {
        return Failure.invalid(INVALID, "Invalid evidence request", detail);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}

package io.safetyplane.enforcement.report;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;

import io.safetyplane.enforcement.audit.AuditEntry;
import io.safetyplane.enforcement.audit.AuditLog;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.ladder.Category;
import io.safetyplane.enforcement.model.AbuseReportEntity;
import io.safetyplane.enforcement.review.ReviewQueue;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Abuse reports from anyone, without an account (DSA art. 16 notices): each is stored, queued for review and audited,
 * in the caller's transaction. The reporter is known only by a keyed hash of their address, never the address.
 */
@ApplicationScoped
public class AbuseReports {
    private static final Logger LOG = Logger.getLogger(AbuseReports.class);
    /** The category of a report that fits none of the ladder's. */
    public static final String OTHER = "other";

    /** A report as filed. */
    public record Report(String category, String description, String contentRef, String tenantId, String accountId, String contact) {
    }

    private final ReviewQueue queue;
    private final AuditLog audit;
    private final Clock clock;
    private final SecretKeySpec reporterKey;
    private final int maxDescriptionChars;

    public AbuseReports(ReviewQueue queue, AuditLog audit, Clock clock, EnforcementConfig config) {
        this.queue = queue;
        this.audit = audit;
        this.clock = clock;
        this.maxDescriptionChars = config.abuseReports().maxDescriptionChars();
        byte[] key = config.reporterKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.warn("enforcement-service.reporter-key is not set: reporters' addresses are hashed with a random key of this process,"
                    + " so reports of one reporter link up only until it stops; set the key in production");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        this.reporterKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Files a report from {@code clientAddress}; a {@link Failure} when a field is wrong. */
    public Uni<AbuseReportEntity> file(Report r, String clientAddress) {
        String category = Objects.requireNonNullElse(r.category(), "").trim().toLowerCase(Locale.ROOT);
        if (!category.equals(OTHER) && Category.find(category).isEmpty()) {
            throw Failure.invalid("unknown-category", "Unknown category",
                    "category must be one of " + java.util.Arrays.stream(Category.values()).map(Category::id).toList() + " or " + OTHER);
        }
        if (r.description().length() > maxDescriptionChars) {
            throw Failure.invalid("description-too-long", "Description too long",
                    "the description has " + r.description().length() + " characters; the limit is " + maxDescriptionChars);
        }
        AbuseReportEntity e = new AbuseReportEntity();
        e.id = UUID.randomUUID();
        e.category = category;
        e.description = r.description();
        e.contentRef = r.contentRef().trim();
        e.tenantId = Objects.requireNonNullElse(r.tenantId(), "").trim();
        e.accountId = Objects.requireNonNullElse(r.accountId(), "").trim();
        e.reporterContact = Objects.requireNonNullElse(r.contact(), "").trim();
        e.reporterKey = reporterKey(clientAddress);
        e.receivedAt = clock.instant();
        AuditEntry.Actor reporter = AuditEntry.Actor.user("reporter:" + e.reporterKey.substring(0, 16), "reporter");
        return e.persist().flatMap(x -> queue.reported(e))
                .flatMap(item -> audit.append(reporter, "abuse_report.received", new AuditEntry.Subject("abuse-report", e.id.toString()),
                        "abuse report filed", Map.of("category", category, "reviewItem", item.id.toString(), "contentRef", e.contentRef)))
                .replaceWith(e);
    }

    /** HMAC-SHA256 of the address, in hex. */
    String reporterKey(String clientAddress) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(reporterKey);
            return HexFormat.of().formatHex(mac.doFinal(clientAddress.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}

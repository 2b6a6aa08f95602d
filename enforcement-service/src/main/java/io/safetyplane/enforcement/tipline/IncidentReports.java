package io.safetyplane.enforcement.tipline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.safetyplane.cybertipline.AccountDisabled;
import io.safetyplane.cybertipline.AssociatedAccount;
import io.safetyplane.cybertipline.FileAnnotation;
import io.safetyplane.cybertipline.FileDetails;
import io.safetyplane.cybertipline.FileHash;
import io.safetyplane.cybertipline.IncidentType;
import io.safetyplane.cybertipline.IpCaptureEvent;
import io.safetyplane.cybertipline.Report;
import io.safetyplane.cybertipline.ReportedUser;
import io.safetyplane.cybertipline.Reporter;
import io.safetyplane.cybertipline.ReportingPerson;
import io.safetyplane.cybertipline.job.FileFacts;
import io.safetyplane.cybertipline.job.Incident;
import io.safetyplane.cybertipline.job.ReportFile;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.TiplineReportEntity;

/**
 * Builds the report job's {@link Incident} from a queued report and its evidence: what the CyberTipline report says.
 * Pure; the model's constructors check every value, and what they refuse ({@link IllegalArgumentException},
 * {@link NullPointerException}) the dispatcher holds for a person.
 *
 * <p>Incident type: every queued report is a confirmed incident of apparent CSAM (a match in a reporting bank, or two
 * reviewers' confirmation), so the type is {@link IncidentType#CHILD_PORNOGRAPHY} ("possession, manufacture, and
 * distribution") whatever the violation's policy category ({@code csam}, or for example {@code sexual} when reviewers
 * confirmed that a minor is depicted); the category is stated in the report's additional information.
 */
public final class IncidentReports {
    static final String DATE_TIME_DESCRIPTION = "When the platform's API received the request that carried the content "
            + "(an upload, or the prompt of a model output)";

    private final EnforcementConfig.Tipline config;

    public IncidentReports(EnforcementConfig.Tipline config) {
        this.config = config;
    }

    /**
     * What is known about a report when it runs.
     *
     * @param evidence its preserved files, in the order they were preserved
     * @param priorReports NCMEC's ids of the target's earlier filed reports
     * @param disable the target's suspension or disable, if one is in force
     */
    public record Facts(TiplineReportEntity report, List<EvidenceEntity> evidence, List<Long> priorReports, Disable disable) {
    }

    /**
     * An enforcement action that took the target's access.
     *
     * @param permanently a disable (not waiting for a second reviewer), else a suspension
     * @param notifiedAt when the notice (statement of reasons) was written, or null when none was
     */
    public record Disable(boolean permanently, Instant since, Instant notifiedAt) {
    }

    /**
     * The incident of {@code facts}; {@code content} reads one file's bytes when the job uploads it.
     *
     * @throws IllegalArgumentException or NullPointerException when the model refuses a value
     */
    public Incident incident(Facts facts, Function<EvidenceEntity, Supplier<byte[]>> content) {
        TiplineReportEntity r = facts.report();
        EnforcementConfig.Tipline.Reporter rc = config.reporter();
        ReportingPerson person = new ReportingPerson(rc.firstName().orElse(null), rc.lastName().orElse(null), rc.email().orElse(null),
                blankToNull(rc.phone().orElse(null)), null);
        Reporter reporter = new Reporter(person, blankToNull(rc.companyTemplate().orElse(null)), blankToNull(rc.termsOfService().orElse(null)),
                blankToNull(rc.legalUrl().orElse(null)));
        String service = rc.espService();
        List<IpCaptureEvent> ips = isBlank(r.clientIp) ? List.of() : List.of(IpCaptureEvent.upload(r.clientIp, r.incidentAt));
        AccountDisabled disabled = facts.disable() == null ? null
                : new AccountDisabled(facts.disable().permanently(), facts.disable().since(), facts.disable().notifiedAt() != null,
                        facts.disable().notifiedAt());
        ReportedUser user = new ReportedUser(r.accountId, blankToNull(r.endUserId), service, null, ips, facts.priorReports(), disabled,
                List.of(AssociatedAccount.business(r.tenantId, service, "the business customer (tenant) whose API account made the request")),
                null);
        Report report = new Report(IncidentType.CHILD_PORNOGRAPHY, r.incidentAt, DATE_TIME_DESCRIPTION, platform(service, r.model), null,
                reporter, List.of(user), additionalInfo(r));
        List<ReportFile> files = new ArrayList<>();
        for (EvidenceEntity e : facts.evidence()) {
            files.add(new ReportFile(e.fileName, content.apply(e), facts(r, e)));
        }
        return new Incident(r.id.toString(), report, files);
    }

    private static FileFacts facts(TiplineReportEntity r, EvidenceEntity e) {
        Set<FileAnnotation> annotations = "output".equals(e.stage) ? EnumSet.of(FileAnnotation.GENERATIVE_AI) : EnumSet.noneOf(FileAnnotation.class);
        List<FileHash> hashes = new ArrayList<>();
        hashes.add(new FileHash(FileHash.Type.MD5, e.md5));
        hashes.add(new FileHash(FileHash.Type.SHA256, e.sha256));
        if (!isBlank(e.pdq)) {
            hashes.add(new FileHash(FileHash.Type.PDQ, e.pdq));
        }
        IpCaptureEvent ip = isBlank(e.clientIp) ? null : IpCaptureEvent.upload(e.clientIp, e.receivedAt);
        List<String> info = new ArrayList<>();
        info.add(("output".equals(e.stage) ? "Generated by the platform's model" + (isBlank(e.model) ? "" : " " + e.model)
                : "Uploaded to the platform's API") + (isBlank(e.contentType) ? "" : " as " + e.contentType) + ".");
        for (Map<String, Object> m : e.matches == null ? List.<Map<String, Object>>of() : e.matches) {
            info.add(match(m));
        }
        return new FileFacts(blankToNull(e.originalFileName), e.receivedAt, viewedByPerson(r), false, e.publiclyAvailable,
                FileDetails.Relevance.REPORTED, annotations, hashes, ip, info);
    }

    /**
     * Whether a person at the provider viewed the file: reviewers did when they confirmed it; a hash match is confirmed
     * by the bank alone and nobody looked.
     */
    static boolean viewedByPerson(TiplineReportEntity r) {
        return TiplineReportEntity.REVIEW.equals(r.basis);
    }

    private static String platform(String service, String model) {
        return isBlank(model) ? service : service + ", model " + model;
    }

    private static String additionalInfo(TiplineReportEntity r) {
        StringBuilder s = new StringBuilder();
        s.append(TiplineReportEntity.HASH_MATCH.equals(r.basis) ? "Confirmed by a hash match in a reporting bank"
                : "Confirmed by two reviewers").append(" (").append(r.confirmedBy).append("). Platform policy category: ").append(r.category)
                .append('.');
        if (!isBlank(r.requestId)) {
            s.append(" Request id: ").append(r.requestId).append('.');
        }
        if (r.matches != null && !r.matches.isEmpty()) {
            s.append(' ');
            for (Map<String, Object> m : r.matches) {
                s.append(match(m)).append(' ');
            }
        }
        return s.toString().strip();
    }

    /** One bank match, in words. */
    static String match(Map<String, Object> m) {
        StringBuilder s = new StringBuilder("Matched ");
        s.append(text(m.get("signalType"), "hash")).append(" in bank ").append(text(m.get("bank"), "?"));
        if (m.get("entryId") != null) {
            s.append(", entry ").append(m.get("entryId"));
        }
        if (m.get("externalId") != null && !String.valueOf(m.get("externalId")).isBlank()) {
            s.append(" (external id ").append(m.get("externalId")).append(')');
        }
        if (m.get("distance") != null) {
            s.append(", distance ").append(m.get("distance"));
        }
        return s.append('.').toString();
    }

    private static String text(Object o, String otherwise) {
        return o == null || String.valueOf(o).isBlank() ? otherwise : String.valueOf(o);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}

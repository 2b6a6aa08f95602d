package io.safetyplane.cybertipline;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The model of {@code shared/cybertipline}'s example report and file details, and a report with every field set. */
public final class Reports {
    public static final Instant INCIDENT = Instant.parse("2025-01-15T10:22:31Z");
    public static final long REPORT_ID = 4564654L;
    public static final String FILE_ID = "b0754af766b426f2928a02c651ed4b99";

    private Reports() {
    }

    public static Reporter reporter() {
        return new Reporter(new ReportingPerson("Trust", "Safety", "child-safety@example.com"),
                "Example Imaging Ltd. provides a generative-AI API to businesses. Legal process: legal-requests@example.com.",
                "Acceptable Use Policy section 2: no sexual content involving minors.", "https://example.com/legal/aup");
    }

    public static ReportedUser user(AccountDisabled disabled) {
        return new ReportedUser("org_7f3a91", "c2e8f0", "Example Imaging API", null,
                List.of(IpCaptureEvent.upload("203.0.113.24", INCIDENT)), List.of(), disabled,
                List.of(AssociatedAccount.business("org_7f3a91", "Example Imaging API", "API customer whose end user made the request.")),
                "The end-user identifier is customer-assigned and opaque to the reporting company.");
    }

    /** As {@code example-report.xml}. */
    public static Report example() {
        return new Report(IncidentType.CHILD_PORNOGRAPHY, INCIDENT, "Time the API received the upload that matched a known-CSAM hash list.",
                "Example Imaging API (image-to-image endpoint)", null, reporter(),
                List.of(user(new AccountDisabled(false, Instant.parse("2025-01-15T10:22:32Z"), false, null))),
                "Detected automatically by hash match before any generation ran; the request was blocked.");
    }

    /** Every optional field the model has, set. */
    public static Report everyField() {
        Reporter reporter = new Reporter(new ReportingPerson("Trust", "Safety", "child-safety@example.com", "5550100", "+1"),
                "template", "terms", "https://example.com/legal");
        ReportedUser user = new ReportedUser("acct_1", "eu-9", "Example Imaging API", "painter42",
                List.of(new IpCaptureEvent("203.0.113.24", IpCaptureEvent.EventName.UPLOAD, INCIDENT, false, 443),
                        new IpCaptureEvent("2001:db8::1", IpCaptureEvent.EventName.LOGIN, INCIDENT.minusSeconds(3600), true, null)),
                List.of(1234567L, 1234568L),
                new AccountDisabled(true, INCIDENT.plusSeconds(5), true, INCIDENT.plusSeconds(60)),
                List.of(AssociatedAccount.business("org_1", "Example Imaging API", "business customer"),
                        new AssociatedAccount(AssociatedAccount.Type.LINKED, "acct_2", null, null)),
                "user info");
        return new Report(IncidentType.ONLINE_ENTICEMENT, INCIDENT, "when the prompt arrived", "Example Imaging API",
                "Prompt describes an ongoing abuse of a named child", reporter, List.of(user, user(null)), "report info");
    }

    /** As {@code example-filedetails-upload.xml}: an upload blocked by a hash match that nobody viewed. */
    public static FileDetails upload() {
        return new FileDetails(REPORT_ID, FILE_ID, "upload-9f2c.png", "init_image.png", INCIDENT, false, false, false,
                FileDetails.Relevance.REPORTED, Set.of(),
                List.of(new FileHash(FileHash.Type.MD5, "fafa5efeaf3cbe3b23b2748d13e629a1"),
                        new FileHash(FileHash.Type.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
                IpCaptureEvent.upload("203.0.113.24", INCIDENT), List.of("Blocked at upload; no output was generated from this file."));
    }

    /** As {@code example-filedetails-generated.xml}: a model output a reviewer confirmed. */
    public static FileDetails generated() {
        return new FileDetails(4564655L, "23eb425911143eadc4987a2b3e221c09", "output-71ad.png", null, Instant.parse("2025-02-03T08:01:12Z"),
                true, false, false, FileDetails.Relevance.REPORTED, Set.of(FileAnnotation.GENERATIVE_AI, FileAnnotation.INFANT),
                List.of(new FileHash(FileHash.Type.SHA256, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")), null,
                List.of("Image produced by the provider's model from the reported user's text prompt."));
    }
}

package io.safetyplane.cybertipline;

import java.time.Instant;
import java.util.List;

/**
 * The {@code <report>} sent to {@code /submit}. Only the incident type, its date-time and the reporting person are
 * required by the XSD; everything else is optional (null or empty) but makes the report more useful to NCMEC.
 *
 * @param incidentType {@code incidentSummary/incidentType}
 * @param incidentDateTime {@code incidentSummary/incidentDateTime}: when the API received the violating request
 * @param incidentDateTimeDescription what the date-time stands for, or null
 * @param platform {@code incidentSummary/platform}, for example the API and endpoint, or null
 * @param escalateToHighPriority a reason that puts the report in NCMEC's high-priority queue (for example a child in
 *        imminent danger), or null
 * @param reporter {@code reporter}
 * @param reportedUsers {@code personOrUserReported}, usually one
 * @param additionalInfo {@code additionalInfo}, or null
 */
public record Report(IncidentType incidentType, Instant incidentDateTime, String incidentDateTimeDescription, String platform,
        String escalateToHighPriority, Reporter reporter, List<ReportedUser> reportedUsers, String additionalInfo) {
    public Report {
        Require.present(incidentType, "incidentSummary/incidentType");
        Require.present(incidentDateTime, "incidentSummary/incidentDateTime");
        Require.optionalText(incidentDateTimeDescription, "incidentSummary/incidentDateTimeDescription");
        Require.optionalText(platform, "incidentSummary/platform");
        Require.optionalText(escalateToHighPriority, "incidentSummary/escalateToHighPriority");
        Require.present(reporter, "reporter");
        reportedUsers = Require.list(reportedUsers, "personOrUserReported");
        Require.optionalText(additionalInfo, "additionalInfo");
    }
}

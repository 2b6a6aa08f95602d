package io.safetyplane.cybertipline.job;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.safetyplane.cybertipline.Report;

/**
 * What is reported for one incident: one CyberTipline report with its files (none for a text-only report). The
 * {@code incidentId} keys the {@link ReportJournal}; one incident never gets more than one finished report.
 */
public record Incident(String incidentId, Report report, List<ReportFile> files) {
    public Incident {
        if (incidentId == null || incidentId.isBlank()) {
            throw new IllegalArgumentException("incidentId is required and must not be blank");
        }
        Objects.requireNonNull(report, "report is required");
        files = List.copyOf(Objects.requireNonNull(files, "files is required (empty for a text-only report)"));
        Set<String> names = new HashSet<>();
        for (ReportFile file : files) {
            if (!names.add(file.fileName())) {
                throw new IllegalArgumentException("incident " + incidentId + " names file '" + file.fileName() + "' twice");
            }
        }
    }
}

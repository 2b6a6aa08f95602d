package io.safetyplane.cybertipline.fake;

import java.time.Instant;
import java.util.List;

/** A report filed with {@code /finish}: its id, the {@code <report>} as submitted, its files in upload order. */
public record FinishedReport(long reportId, String reportXml, List<FiledFile> files, Instant finishedAt) {
    public FinishedReport {
        files = List.copyOf(files);
    }
}

package io.safetyplane.enforcement.transparency;

import java.time.Instant;

import io.smallrye.mutiny.Uni;

/**
 * The transparency report's seam to CyberTipline reporting: how many reports were filed with NCMEC (finished) in a
 * period. Implemented by {@code io.safetyplane.enforcement.tipline.FiledReports}.
 */
public interface TiplineReports {

    /** Reports filed from {@code start} (inclusive) to {@code end} (exclusive). */
    Uni<Long> filed(Instant start, Instant end);

    /** How the figure is counted, for the report; null when there is nothing to add. */
    default String note() {
        return null;
    }
}

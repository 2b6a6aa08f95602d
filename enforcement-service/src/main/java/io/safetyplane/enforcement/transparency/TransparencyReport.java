package io.safetyplane.enforcement.transparency;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The figures of a transparency report, by section. Each figure is a count, a rate or a median with the dimensions it is
 * broken down by (none for a section's total); JSON, CSV and Markdown render the same figures.
 */
public record TransparencyReport(ReportPeriod period, Instant generatedAt, List<Section> sections) {

    /** @param note how the section's figures are counted, or null */
    public record Section(String id, String title, String note, List<Figure> figures) {
        public Section {
            figures = List.copyOf(figures);
        }
    }

    /**
     * @param dimensions what the figure is broken down by, in order (for example {@code category=sexual}); empty for a total
     * @param value a count, a rate (four decimals) or hours (two decimals); null where nothing was there to measure
     */
    public record Figure(String name, Map<String, String> dimensions, BigDecimal value) {
        public static Figure of(String name, long value) {
            return new Figure(name, Map.of(), BigDecimal.valueOf(value));
        }
    }
}

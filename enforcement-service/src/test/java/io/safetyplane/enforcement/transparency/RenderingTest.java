package io.safetyplane.enforcement.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.safetyplane.enforcement.transparency.TransparencyReport.Figure;
import io.safetyplane.enforcement.transparency.TransparencyReport.Section;
import io.safetyplane.service.Failure;
import jakarta.ws.rs.core.MediaType;

/** CSV and Markdown keep text from reporters in its cell, and a figure with nothing to measure stays visibly empty. */
class RenderingTest {
    private static final TransparencyReport REPORT = new TransparencyReport(new ReportPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)),
            Instant.parse("2026-01-02T00:00:00Z"), List.of(new Section("user_reports", "User reports", null, List.of(
                    new Figure("reports", Map.of("category", "=HYPERLINK(\"x\"), or | not"), BigDecimal.ONE),
                    new Figure("error_rate", Map.of(), null)))));

    @Test
    void csvQuotesText() {
        assertEquals("section,figure,dimensions,value\r\n"
                + "user_reports,reports,\"category==HYPERLINK(\"\"x\"\"), or | not\",1\r\n"
                + "user_reports,error_rate,,\r\n", CsvRendering.render(REPORT));
    }

    @Test
    void markdownEscapesPipesAndShowsNothingToMeasure() {
        String md = MarkdownRendering.render(REPORT);
        assertTrue(md.contains("Period: 2025-01-01 to 2025-12-31"), md);
        assertTrue(md.contains("| figure | category | value |\n|---|---|---:|\n| reports | =HYPERLINK(\"x\"), or \\| not | 1 |\n"
                + "| error_rate |  | n/a |\n"), md);
    }

    @Test
    void theFormatComesFromTheParameterThenTheAcceptHeader() {
        assertEquals(ReportFormat.CSV, ReportFormat.choose("CSV", List.of(MediaType.APPLICATION_JSON_TYPE)));
        assertEquals(ReportFormat.MARKDOWN, ReportFormat.choose(null, List.of(new MediaType("text", "markdown"), MediaType.WILDCARD_TYPE)));
        assertEquals(ReportFormat.JSON, ReportFormat.choose(null, List.of(MediaType.WILDCARD_TYPE)));
        assertEquals(ReportFormat.JSON, ReportFormat.choose("", List.of()));
        assertThrows(Failure.class, () -> ReportFormat.choose("pdf", List.of()));
    }
}

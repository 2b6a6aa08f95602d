package io.safetyplane.enforcement.transparency;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.safetyplane.service.Failure;
import jakarta.ws.rs.core.MediaType;

/** The renderings of a transparency report, chosen by {@code ?format=} or else by the Accept header. */
public enum ReportFormat {
    /** The report itself, serialised by Jackson. */
    JSON(MediaType.APPLICATION_JSON_TYPE, report -> report),
    /** One row per figure: section, figure, dimensions ({@code key=value;...}), value. */
    CSV(new MediaType("text", "csv", "utf-8"), CsvRendering::render),
    /** A readable report with one table per section. */
    MARKDOWN(new MediaType("text", "markdown", "utf-8"), MarkdownRendering::render);

    public final MediaType mediaType;
    private final Function<TransparencyReport, Object> rendering;

    ReportFormat(MediaType mediaType, Function<TransparencyReport, Object> rendering) {
        this.mediaType = mediaType;
        this.rendering = rendering;
    }

    /** The entity to send: the report for JSON, the text for the others. */
    public Object render(TransparencyReport report) {
        return rendering.apply(report);
    }

    /**
     * {@code format} when given ({@code json}, {@code csv} or {@code markdown}), else the first acceptable media type we
     * produce (acceptable types come best first), else JSON.
     */
    public static ReportFormat choose(String format, List<MediaType> acceptable) {
        if (format != null && !format.isBlank()) {
            for (ReportFormat f : values()) {
                if (f.name().equalsIgnoreCase(format.strip())) {
                    return f;
                }
            }
            throw Failure.invalid("unknown-format", "Unknown format", "format is json, csv or markdown, not " + format.toLowerCase(Locale.ROOT));
        }
        for (MediaType accepted : acceptable) {
            for (ReportFormat f : values()) {
                if (accepted.isCompatible(f.mediaType)) {
                    return f;
                }
            }
        }
        return JSON;
    }
}

package io.safetyplane.enforcement.transparency;

import java.util.Map;
import java.util.stream.Collectors;

import io.safetyplane.enforcement.transparency.TransparencyReport.Figure;
import io.safetyplane.enforcement.transparency.TransparencyReport.Section;

/** RFC 4180 CSV, one row per figure; an empty value is a figure with nothing to measure (a rate of nothing). */
final class CsvRendering {
    private CsvRendering() {
    }

    static String render(TransparencyReport report) {
        StringBuilder out = new StringBuilder("section,figure,dimensions,value\r\n");
        for (Section s : report.sections()) {
            for (Figure f : s.figures()) {
                out.append(field(s.id())).append(',').append(field(f.name())).append(',').append(field(dimensions(f.dimensions())))
                        .append(',').append(f.value() == null ? "" : f.value().toPlainString()).append("\r\n");
            }
        }
        return out.toString();
    }

    /** {@code key=value} pairs joined by {@code ;}. */
    static String dimensions(Map<String, String> dimensions) {
        return dimensions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** Quoted where needed. A cell never starts with text from outside (dimensions start with their key), so no formula. */
    private static String field(String value) {
        return value.matches("[^\",\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}

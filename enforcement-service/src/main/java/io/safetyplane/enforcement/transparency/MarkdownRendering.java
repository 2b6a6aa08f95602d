package io.safetyplane.enforcement.transparency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.safetyplane.enforcement.transparency.TransparencyReport.Figure;
import io.safetyplane.enforcement.transparency.TransparencyReport.Section;

/** A readable report: the period, then one table per section with a column per dimension. */
final class MarkdownRendering {
    private MarkdownRendering() {
    }

    static String render(TransparencyReport report) {
        StringBuilder out = new StringBuilder("# Transparency report\n\n");
        out.append("Period: ").append(report.period().from()).append(" to ").append(report.period().lastDay())
                .append(" (UTC, both days included). Generated ").append(report.generatedAt()).append(".\n");
        for (Section s : report.sections()) {
            out.append("\n## ").append(s.title()).append("\n\n");
            if (s.note() != null) {
                out.append(s.note()).append("\n\n");
            }
            Set<String> columns = new LinkedHashSet<>();
            s.figures().forEach(f -> columns.addAll(f.dimensions().keySet()));
            List<String> header = new ArrayList<>(List.of("figure"));
            header.addAll(columns);
            header.add("value");
            row(out, header);
            out.append("|---".repeat(header.size() - 1)).append("|---:|\n");
            for (Figure f : s.figures()) {
                List<String> cells = new ArrayList<>(List.of(f.name()));
                columns.forEach(c -> cells.add(f.dimensions().getOrDefault(c, "")));
                cells.add(f.value() == null ? "n/a" : f.value().toPlainString());
                row(out, cells);
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(c -> out.append(' ').append(c.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\r\n]+", " ")).append(" |"));
        out.append('\n');
    }
}

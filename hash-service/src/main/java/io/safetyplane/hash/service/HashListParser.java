package io.safetyplane.hash.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.safetyplane.hash.signal.InvalidHashException;
import io.safetyplane.hash.signal.SignalType;
import io.safetyplane.hash.signal.SignalTypes;

/**
 * Reads a hash list: either one hash per line (the signal type given by the caller), or CSV with a
 * header naming the columns {@code hash} (required), {@code signal_type} (required unless given by
 * the caller) and {@code external_id} (optional). Blank lines and lines starting with {@code #} are
 * ignored. Every bad line is reported with its number; nothing stops at the first.
 */
public final class HashListParser {
    private static final int MAX_EXTERNAL_ID = 256;

    private final SignalTypes types;

    public HashListParser(SignalTypes types) {
        this.types = types;
    }

    public record Line(int number, String signalType, String hash, String externalId) {
    }

    public record Problem(int line, String message) {
    }

    /**
     * What a parse found. {@code errors} and {@code warnings} list at most {@value #MAX_REPORTED}
     * problems each; the counts are complete.
     */
    public record Result(int entries, boolean fatal, int errorCount, List<Problem> errors, int warningCount,
            List<Problem> warnings) {
    }

    public static final int MAX_REPORTED = 1000;

    /** Reads the list, handing each good line to {@code entries} as soon as it is read. */
    public Result parse(Reader input, boolean csv, String defaultType, Consumer<Line> entries) throws IOException {
        Problems errors = new Problems();
        Problems warnings = new Problems();
        int count = parse(input, csv, defaultType, entries, errors, warnings);
        return new Result(count, errors.fatal, errors.count, errors.list, warnings.count, warnings.list);
    }

    /** Collects problems, keeping the first {@value #MAX_REPORTED}. */
    private static final class Problems {
        final List<Problem> list = new ArrayList<>();
        int count;
        /** A problem with the file as a whole, not with single lines: nothing can be imported. */
        boolean fatal;

        void fatal(Problem p) {
            fatal = true;
            add(p);
        }

        void add(Problem p) {
            count++;
            if (list.size() < MAX_REPORTED) {
                list.add(p);
            }
        }
    }

    private int parse(Reader input, boolean csv, String defaultType, Consumer<Line> entries, Problems errors,
            Problems warnings) throws IOException {
        SignalType fixed = null;
        if (defaultType != null && !defaultType.isBlank()) {
            fixed = types.find(defaultType).orElse(null);
            if (fixed == null) {
                errors.fatal(new Problem(0, "signal type '" + defaultType + "' is not one of " + types.names()));
                return 0;
            }
        }
        int count = 0;
        Map<String, Integer> seen = new HashMap<>();
        BufferedReader reader = new BufferedReader(input);
        int number = 0;
        int hashCol = 0;
        int typeCol = -1;
        int idCol = -1;
        int columns = 1;
        boolean header = csv;
        for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
            number++;
            String text = raw.strip();
            if (number == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                List<String> names = split(text).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
                hashCol = names.indexOf("hash");
                typeCol = names.contains("signal_type") ? names.indexOf("signal_type") : names.indexOf("type");
                idCol = names.indexOf("external_id");
                columns = names.size();
                if (hashCol < 0) {
                    errors.fatal(new Problem(number, "CSV header must name a 'hash' column, got " + names));
                    return 0;
                }
                if (typeCol < 0 && fixed == null) {
                    errors.fatal(new Problem(number, "CSV header must name a 'signal_type' column, or the import must name the signal type"));
                    return 0;
                }
                continue;
            }
            List<String> cells = csv ? split(text) : List.of(text);
            if (csv && cells.size() != columns) {
                errors.add(new Problem(number, "expected " + columns + " columns, got " + cells.size()));
                continue;
            }
            SignalType type = fixed;
            if (typeCol >= 0 && !cells.get(typeCol).isBlank()) {
                type = types.find(cells.get(typeCol)).orElse(null);
                if (type == null) {
                    errors.add(new Problem(number, "signal type '" + cells.get(typeCol) + "' is not one of " + types.names()));
                    continue;
                }
            }
            if (type == null) {
                errors.add(new Problem(number, "no signal type"));
                continue;
            }
            String hash;
            try {
                hash = type.canonical(cells.get(hashCol));
            } catch (InvalidHashException e) {
                errors.add(new Problem(number, e.getMessage()));
                continue;
            }
            String externalId = idCol >= 0 && !cells.get(idCol).isBlank() ? cells.get(idCol) : null;
            if (externalId != null && externalId.length() > MAX_EXTERNAL_ID) {
                errors.add(new Problem(number, "external_id is longer than " + MAX_EXTERNAL_ID + " characters"));
                continue;
            }
            Integer first = seen.putIfAbsent(type.name() + ":" + hash, number);
            if (first != null) {
                warnings.add(new Problem(number, "duplicate of line " + first + "; the later line wins"));
            }
            for (String w : type.warnings(hash)) {
                warnings.add(new Problem(number, w));
            }
            entries.accept(new Line(number, type.name(), hash, externalId));
            count++;
        }
        return count;
    }

    /** Splits one CSV line (RFC 4180 quoting). */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}

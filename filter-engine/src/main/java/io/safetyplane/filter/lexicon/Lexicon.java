package io.safetyplane.filter.lexicon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads lexicon files: {@code signal<TAB>term[<TAB>flags]} per line, {@code #} comments. */
public final class Lexicon {

    private Lexicon() {
    }

    /** Terms of the classpath lexicon {@code lexicons/<id>.tsv}. */
    public static List<Term> load(String id) {
        String resource = "lexicons/" + id + ".tsv";
        try (InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("lexicon " + resource + " is not on the classpath");
            }
            return parse(id, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a lexicon; every bad line is reported with its number. */
    public static List<Term> parse(String id, String content) {
        List<Term> terms = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(content))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length < 2 || fields.length > 3 || fields[1].isBlank()) {
                    problems.add("line " + number + ": expected signal<TAB>term[<TAB>flags]");
                    continue;
                }
                try {
                    Signal signal = Signal.fromId(fields[0].strip());
                    boolean concat = false;
                    boolean exact = false;
                    boolean nativeOnly = false;
                    if (fields.length == 3 && !fields[2].isBlank()) {
                        for (String flag : fields[2].split(",")) {
                            switch (flag.strip()) {
                                case "concat" -> concat = true;
                                case "exact" -> exact = true;
                                case "native" -> nativeOnly = true;
                                default -> throw new IllegalArgumentException("unknown flag '" + flag.strip() + "'");
                            }
                        }
                    }
                    terms.add(Term.of(signal, fields[1].strip(), id, null, concat, exact, nativeOnly));
                } catch (IllegalArgumentException e) {
                    problems.add("line " + number + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lexicon " + id + ": " + String.join("; ", problems));
        }
        return terms;
    }
}

package io.safetyplane.filter.lexicon;

import io.safetyplane.filter.text.Normaliser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexiconTest {

    private static final List<String> BUNDLED = List.of("en", "people", "ja", "es", "fr", "de", "pt", "it", "ru", "zh", "ko");

    @Test
    void parsesSignalsTermsFlagsAndWildcards() {
        List<Term> terms = Lexicon.parse("xx", "# comment\n\nsexual\tporn*\tconcat\nminor\t*kid\nallow\tbreast cancer\n");
        assertEquals(3, terms.size());
        Term porn = terms.get(0);
        assertEquals("porn", porn.text());
        assertTrue(porn.leftBoundary() && !porn.rightBoundary() && porn.concat());
        Term kid = terms.get(1);
        assertTrue(!kid.leftBoundary() && kid.rightBoundary());
        assertEquals(Signal.ALLOW, terms.get(2).signal());
    }

    @Test
    void reportsEveryBadLineWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lexicon.parse("xx", "sexual\tok\nnonsense\tterm\nsexual\nsexual\tx\tloud\n"));
        assertTrue(e.getMessage().contains("line 2: unknown signal 'nonsense'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: unknown flag 'loud'"), e.getMessage());
    }

    @Test
    void bundledLexiconsParseAndEveryTermSurvivesNormalisation() {
        for (String id : BUNDLED) {
            List<Term> terms = Lexicon.load(id);
            assertFalse(terms.isEmpty(), id);
            for (Term t : terms) {
                assertFalse(Normaliser.textForm(t.text()).isBlank(), id + ": " + t.text());
            }
        }
        new TermMatcher(BUNDLED.stream().flatMap(id -> Lexicon.load(id).stream()).toList());
    }

    @Test
    void readmeDocumentsEverySignal() throws IOException {
        String readme;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("lexicons/README.md")) {
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> missing = new ArrayList<>();
        for (Signal s : Signal.values()) {
            if (s != Signal.DENY && !readme.contains("| `" + s.id() + "` |")) {
                missing.add(s.id());
            }
        }
        assertEquals(List.of(), missing);
    }
}

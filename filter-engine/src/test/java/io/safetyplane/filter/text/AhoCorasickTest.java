package io.safetyplane.filter.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AhoCorasickTest {

    private static Set<String> scan(List<String> patterns, String text) {
        Set<String> found = new HashSet<>();
        new AhoCorasick(patterns).scan(text.toCharArray(), text.length(),
                (p, s, e) -> found.add(patterns.get(p) + "@" + s + "-" + e));
        return found;
    }

    private static Set<String> bruteForce(List<String> patterns, String text) {
        Set<String> found = new HashSet<>();
        for (String p : patterns) {
            for (int i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) {
                found.add(p + "@" + i + "-" + (i + p.length()));
            }
        }
        return found;
    }

    @Test
    void findsOverlappingAndNestedPatterns() {
        List<String> patterns = List.of("he", "she", "his", "hers", "s");
        assertEquals(bruteForce(patterns, "ushers and his"), scan(patterns, "ushers and his"));
    }

    @Test
    void reportsEveryPatternThatSharesItsText() {
        Set<String> found = new HashSet<>();
        new AhoCorasick(List.of("ab", "ab")).scan("xab".toCharArray(), 3, (p, s, e) -> found.add(p + ":" + s));
        assertEquals(Set.of("0:1", "1:1"), found);
    }

    @Test
    void agreesWithBruteForceOnRandomTextsIncludingWideCharacters() {
        Random random = new Random(7);
        String alphabet = "abcа中\uD83C\uDF51";
        for (int round = 0; round < 200; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                patterns.add(randomString(random, alphabet, 1 + random.nextInt(4)));
            }
            String text = randomString(random, alphabet, 60);
            assertEquals(bruteForce(patterns, text), scan(patterns, text), "round " + round);
        }
    }

    @Test
    void refusesEmptyPatterns() {
        assertThrows(IllegalArgumentException.class, () -> new AhoCorasick(List.of("a", "")));
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}

package io.safetyplane.filter.engine;

import io.safetyplane.filter.lexicon.Signal;
import io.safetyplane.filter.lexicon.Term;
import io.safetyplane.filter.lexicon.TermHit;
import io.safetyplane.filter.text.Normaliser;
import io.safetyplane.filter.text.View;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads ages and school grades from the {@code text} view, before leetspeak turns digits into
 * letters: "13yo", "13 y/o", "thirteen-year-old", "aged 9", "under 16", "6th grader", "girl, 12",
 * "niña de 12 años", "dreizehnjährige", "тринадцатилетняя", "13歳", "十三岁", "열세 살". An age
 * under 18 becomes a {@code minor} hit. A single pass over word tokens: linear in the prompt and
 * cheap when a prompt has no numbers.
 */
final class Ages {

    static final int ADULT = 18;

    private static final Map<String, Integer> NUMBERS = new HashMap<>();
    private static final Set<String> YEARS = Set.of("year", "years", "yr", "yrs", "month", "months");
    private static final Set<String> UNITS = Set.of("yo", "ans", "anos", "anitos", "aninhos", "anni", "jahre", "лет",
            "года", "год");
    private static final Set<String> AGE_PREFIX = Set.of("aged", "age", "edad", "alter", "eta", "idade", "возрасте");
    private static final Set<String> UNDER = Set.of("under", "below", "menor", "moins", "unter", "sotto", "menos", "младше");
    private static final Set<String> UNDER_FILLER = Set.of("the", "age", "of", "de", "i", "than");
    private static final Set<String> CHILD = Set.of("she", "he", "girl", "boy", "kid", "child", "daughter", "son", "niece",
            "nephew", "girls", "boys", "kids", "children", "nina", "nino", "menina", "menino", "garota", "garoto", "bambina", "bambino", "fille", "fillette",
            "garcon", "madchen", "junge", "девочка", "девочке", "мальчик", "мальчику");
    private static final Set<String> CHILD_LINK = Set.of("s", "is", "was", "de", "di", "von", "aged", "age", "only", "just",
            "who", "looks", "look", "looking", "about", "around", "like", "barely", "maybe", "approximately");
    private static final Set<String> MEASURES = Set.of("cm", "mm", "m", "kg", "ft", "feet", "foot", "inch", "inches",
            "lb", "lbs", "am", "pm", "h", "min", "minutes", "hours", "percent", "dollars", "euros", "kilos", "meters");
    private static final Set<String> PUPIL = Set.of("pupil", "pupils", "student", "students", "girl", "girls", "boy",
            "boys", "kid", "kids");
    private static final String HAN_DIGITS = "一二三四五六七八九";
    private static final List<String> KOREAN_ONES = List.of("한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉");

    static {
        String[][] words = {
                {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"},
                {"uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
                        "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve"},
                {"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                        "treize", "quatorze", "quinze", "seize", "dixsept", "dixhuit", "dixneuf"},
                {"eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
                        "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"},
                {"uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci", "undici", "dodici",
                        "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto", "diciannove"},
                {"um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez", "onze", "doze",
                        "treze", "catorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove"},
                {"один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять", "одиннадцать",
                        "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать",
                        "восемнадцать", "девятнадцать"},
                // Russian genitive stems of compound adjectives: "тринадцатилетняя".
                {"одно", "двух", "трёх", "четырёх", "пяти", "шести", "семи", "восьми", "девяти", "десяти",
                        "одиннадцати", "двенадцати", "тринадцати", "четырнадцати", "пятнадцати", "шестнадцати",
                        "семнадцати", "восемнадцати", "девятнадцати"},
                {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                        "eleventh", "twelfth"},
        };
        for (String[] language : words) {
            for (int i = 0; i < language.length; i++) {
                NUMBERS.putIfAbsent(Normaliser.textForm(language[i]), i + 1);
            }
        }
        for (String[] extra : new String[][]{{"a", "1"}, {"an", "1"}, {"una", "1"}, {"une", "1"}, {"ein", "1"},
                {"eine", "1"}, {"uma", "1"}, {"duas", "2"}, {"dezasseis", "16"}, {"dezassete", "17"},
                {"dezanove", "19"}, {"одна", "1"}, {"две", "2"}}) {
            NUMBERS.putIfAbsent(Normaliser.textForm(extra[0]), Integer.parseInt(extra[1]));
        }
    }

    private Ages() {
    }

    /** Adds a {@code minor} hit for every age under 18 found in the {@code text} view. */
    static void find(View text, List<TermHit> hits) {
        Tokens t = Tokens.of(text);
        for (int i = 0; i < t.count; i++) {
            String w = t.word(i);
            int number = t.number(i);
            if (number >= 0) {
                ageAfterNumber(t, i, number, text, hits);
                continue;
            }
            if (w == null) {
                continue;
            }
            if (AGE_PREFIX.contains(w)) {
                int k = t.skip(i + 1, Set.of("de", "di", "von", "of", "between", "about", "around"));
                if (k < t.count && t.number(k) >= 0) {
                    add(text, t, i, k, t.number(k), hits);
                }
            } else if (UNDER.contains(w)) {
                int k = t.skip(i + 1, UNDER_FILLER);
                if (k < t.count && t.isDigits(k) && t.number(k) <= ADULT) {
                    add(text, t, i, k, t.number(k) - 1, hits);
                }
            } else if (w.equals("grade") && i + 1 < t.count && t.isDigits(i + 1)) {
                add(text, t, i, i + 1, t.number(i + 1) + 5, hits);
            } else if (w.equals("year") && i + 2 < t.count && t.isDigits(i + 1) && in(PUPIL, t.word(i + 2))) {
                add(text, t, i, i + 2, t.number(i + 1) + 5, hits);
            } else if (CHILD.contains(w)) {
                int k = t.skip(i + 1, CHILD_LINK);
                if (k < t.count && t.isDigits(k) && !t.decimal(k) && (k + 1 >= t.count || !in(MEASURES, t.word(k + 1)))) {
                    add(text, t, i, k, t.number(k), hits);
                }
            } else {
                compound(t, i, w, text, hits);
            }
        }
        cjk(text, hits);
    }

    /** "13 yo", "13 y/o", "13 years old", "13 ans", "13 jahre", "13 лет", "6th grade". */
    private static void ageAfterNumber(Tokens t, int i, int number, View text, List<TermHit> hits) {
        if (t.decimal(i) || i + 1 >= t.count) {
            return;
        }
        String next = t.word(i + 1);
        if (next == null) {
            return;
        }
        if (UNITS.contains(next) || next.startsWith("jahrig") || next.startsWith("летн")) {
            add(text, t, i, i + 1, number, hits);
        } else if (YEARS.contains(next) && i + 2 < t.count && "old".equals(t.word(i + 2))) {
            add(text, t, i, i + 2, number, hits);
        } else if (next.equals("y") && i + 3 < t.count && "o".equals(t.word(i + 3))) {
            add(text, t, i, i + 3, number, hits);
        } else if (Set.of("st", "nd", "rd", "th").contains(next) && i + 2 < t.count && isGrade(t.word(i + 2))) {
            add(text, t, i, i + 2, number + 5, hits);
        } else if (isGrade(next) && (t.isDigits(i) || t.word(i).endsWith("th") || t.word(i).endsWith("st")
                || t.word(i).endsWith("nd") || t.word(i).endsWith("rd"))) {
            add(text, t, i, i + 1, number + 5, hits);
        }
    }

    private static boolean in(Set<String> set, String w) {
        return w != null && set.contains(w);
    }

    private static boolean isGrade(String w) {
        return "grade".equals(w) || "grader".equals(w) || "graders".equals(w);
    }

    /** One-word compounds: "dreizehnjährige", "тринадцатилетняя". */
    private static void compound(Tokens t, int i, String w, View text, List<TermHit> hits) {
        int at = w.indexOf("jahrig");
        if (at < 0) {
            at = w.indexOf("летн");
        }
        if (at > 0) {
            Integer n = NUMBERS.get(w.substring(0, at));
            if (n != null) {
                add(text, t, i, i, n, hits);
            }
        }
    }

    /** "13歳", "十三岁", "열세 살", "13살". */
    private static void cjk(View text, List<TermHit> hits) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '歳' || c == '才' || c == '岁' || c == '歲') {
                int start = i;
                while (start > 0 && text.charAt(start - 1) == ' ') {
                    start--;
                }
                int end = start;
                while (start > 0 && (Character.isDigit(text.charAt(start - 1)) || HAN_DIGITS.indexOf(text.charAt(start - 1)) >= 0
                        || text.charAt(start - 1) == '十' || text.charAt(start - 1) == '两')) {
                    start--;
                }
                if (start < end) {
                    String n = text.text().substring(start, end);
                    int age = Character.isDigit(n.charAt(0)) ? parseDigits(n) : hanNumber(n);
                    addRange(text, start, i + 1, age, hits);
                }
            } else if (c == '살') {
                int age = koreanAge(text, i);
                if (age >= 0) {
                    addRange(text, Math.max(0, i - 4), i + 1, age, hits);
                }
            }
        }
    }

    private static int koreanAge(View text, int at) {
        String before = text.text().substring(Math.max(0, at - 8), at).strip();
        int digits = before.length();
        while (digits > 0 && Character.isDigit(before.charAt(digits - 1))) {
            digits--;
        }
        if (digits < before.length()) {
            return parseDigits(before.substring(digits));
        }
        String[] parts = before.split(" ");
        String last = parts[parts.length - 1];
        int tens = 0;
        if (last.startsWith("열")) {
            tens = 10;
            last = last.substring(1);
        } else if (last.startsWith("스무")) {
            tens = 20;
            last = last.substring(2);
        } else if (parts.length > 1 && (parts[parts.length - 2].equals("열") || parts[parts.length - 2].equals("스무"))) {
            tens = parts[parts.length - 2].equals("열") ? 10 : 20;
        }
        int ones = KOREAN_ONES.indexOf(last) + 1;
        return tens + ones > 0 && (ones > 0 || last.isEmpty()) ? tens + ones : -1;
    }

    private static int parseDigits(String s) {
        return s.length() > 3 ? 999 : Integer.parseInt(s);
    }

    private static int hanNumber(String han) {
        int value = 0;
        int current = 0;
        for (char c : han.toCharArray()) {
            if (c == '十') {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else {
                current = c == '两' ? 2 : HAN_DIGITS.indexOf(c) + 1;
            }
        }
        return value + current;
    }

    private static void add(View text, Tokens t, int first, int last, int age, List<TermHit> hits) {
        addRange(text, t.start[first], t.end[last], age, hits);
    }

    private static void addRange(View text, int start, int end, int age, List<TermHit> hits) {
        if (age >= 0 && age < ADULT) {
            Term term = new Term(Signal.MINOR, "age " + age, "age", null, true, true, false, true, false);
            hits.add(new TermHit(term, Normaliser.TEXT, text.originalStart(start), text.originalEnd(end)));
        }
    }

    /** Words (letter runs), numbers (digit runs) and single punctuation marks of a view. */
    private static final class Tokens {
        final int[] start;
        final int[] end;
        final String[] words;
        final int count;
        private final View view;

        private Tokens(View view, int[] start, int[] end, String[] words, int count) {
            this.view = view;
            this.start = start;
            this.end = end;
            this.words = words;
            this.count = count;
        }

        static Tokens of(View view) {
            int n = view.length();
            int[] start = new int[n];
            int[] end = new int[n];
            String[] words = new String[n];
            int count = 0;
            int i = 0;
            while (i < n) {
                char c = view.charAt(i);
                if (c == ' ') {
                    i++;
                    continue;
                }
                int j = i + 1;
                if (Character.isDigit(c)) {
                    while (j < n && Character.isDigit(view.charAt(j))) {
                        j++;
                    }
                } else if (Normaliser.isWordChar(c)) {
                    while (j < n && Normaliser.isWordChar(view.charAt(j))) {
                        j++;
                    }
                }
                start[count] = i;
                end[count] = j;
                count++;
                i = j;
            }
            return new Tokens(view, start, end, words, count);
        }

        /** The token as a word, or null when it is not a run of letters. */
        String word(int k) {
            if (k >= count || !Normaliser.isWordChar(view.charAt(start[k])) && !Character.isDigit(view.charAt(start[k]))) {
                return null;
            }
            if (words[k] == null) {
                StringBuilder b = new StringBuilder(end[k] - start[k]);
                for (int i = start[k]; i < end[k]; i++) {
                    b.append(view.charAt(i));
                }
                words[k] = b.toString();
            }
            return words[k];
        }

        boolean isDigits(int k) {
            return k < count && Character.isDigit(view.charAt(start[k])) && end[k] - start[k] <= 2;
        }

        /** Part of a decimal number or a longer figure: "1.5", "3,000", "12:30". */
        boolean decimal(int k) {
            boolean before = start[k] >= 2 && (view.charAt(start[k] - 1) == '.' || view.charAt(start[k] - 1) == ','
                    || view.charAt(start[k] - 1) == ':') && Character.isDigit(view.charAt(start[k] - 2));
            boolean after = end[k] + 1 < view.length() && (view.charAt(end[k]) == '.' || view.charAt(end[k]) == ','
                    || view.charAt(end[k]) == ':') && Character.isDigit(view.charAt(end[k] + 1));
            return before || after;
        }

        /** The token's value as a number, or -1. */
        int number(int k) {
            if (k >= count) {
                return -1;
            }
            if (Character.isDigit(view.charAt(start[k]))) {
                return end[k] - start[k] <= 2 ? Integer.parseInt(word(k)) : -1;
            }
            String w = word(k);
            if (w == null) {
                return -1;
            }
            Integer n = NUMBERS.get(w);
            return n == null ? -1 : n;
        }

        /** The first token at or after {@code k} that is not one of {@code fillers} or punctuation. */
        int skip(int k, Set<String> fillers) {
            while (k < count) {
                String w = word(k);
                boolean punctuation = w == null && (view.charAt(start[k]) == ',' || view.charAt(start[k]) == '('
                        || view.charAt(start[k]) == ':' || view.charAt(start[k]) == '\'' || view.charAt(start[k]) == '’');
                if (!punctuation && (w == null || !fillers.contains(w))) {
                    return k;
                }
                k++;
            }
            return k;
        }
    }
}

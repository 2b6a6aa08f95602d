package io.safetyplane.filter.text;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;

/**
 * Builds the normalised views of a text. Terms go through the same functions as prompts, so a term
 * and its disguised forms meet in at least one view. The order matters: compatibility and case
 * folding first, then look-alike letters, then leetspeak (digits become letters only after ages
 * were read from the {@code text} view), then re-joining of split letters, stretching and spacing.
 *
 * <ul>
 *   <li>{@code text}: NFKC case folding; default-ignorable characters (zero-width, bidi controls,
 *       soft hyphen, variation selectors) and combining diacritics removed; hyphens, dashes and
 *       underscores read as spaces; whitespace collapsed.</li>
 *   <li>{@code skeleton}: {@code text} with letters that look like Latin letters replaced by them
 *       (UTS #39 confusables plus letters the skeleton leaves alone, such as Cyrillic к and Greek η).</li>
 *   <li>{@code leet}: {@code skeleton} with digits and symbols inside words read as letters, and the
 *       letters leetspeak confuses (i, l, 1, !) folded into one.</li>
 *   <li>{@code joined}: {@code leet} with runs of three or more single letters split by spaces, dots
 *       or emoji joined into one word.</li>
 *   <li>{@code collapsed}: repeated letters collapsed to one.</li>
 *   <li>{@code concat}: letters only, for long unambiguous terms.</li>
 * </ul>
 */
public final class Normaliser {

    public static final String TEXT = "text";
    public static final String SKELETON = "skeleton";
    public static final String LEET = "leet";
    public static final String JOINED = "joined";
    public static final String COLLAPSED = "collapsed";
    public static final String CONCAT = "concat";

    /** Code points folded through the precomputed table; beyond it ICU runs per code point. */
    private static final int TABLE_SIZE = 0x20000;
    private static final String[] FOLD = new String[TABLE_SIZE];
    private static final String DELETE = "";
    private static final char[] SKELETON_MAP = new char[0x10000];
    private static final char[] LEET_MAP = new char[128];
    private static final boolean[] WORD = new boolean[0x10000];
    private static final int MAX_JOIN_GAP = 6;

    static {
        Normalizer2 nfkcCf = Normalizer2.getNFKCCasefoldInstance();
        Normalizer2 nfd = Normalizer2.getNFDInstance();
        Normalizer2 nfc = Normalizer2.getNFCInstance();
        for (int cp = 0; cp < TABLE_SIZE; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            String folded = fold(cp, nfkcCf, nfd, nfc);
            FOLD[cp] = folded.isEmpty() ? DELETE : folded.equals(new String(Character.toChars(cp))) ? null : folded;
        }
        SpoofChecker spoof = new SpoofChecker.Builder().build();
        for (int c = 0x80; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c) || !Character.isLetterOrDigit(c)) {
                continue;
            }
            String skeleton = nfkcCf.normalize(spoof.getSkeleton(String.valueOf((char) c)));
            if (skeleton.length() == 1 && skeleton.charAt(0) < 0x80 && Character.isLetterOrDigit(skeleton.charAt(0))) {
                SKELETON_MAP[c] = skeleton.charAt(0);
            }
        }
        // Letters the UTS #39 skeleton does not fold but that are used as Latin look-alikes.
        String extra = "кkпnтtмmвbнhκkηnτtεeχxνvβbςcшwяrьbгrцuиuдdлnзeбgωwμuρpυuλaσoδdπnθoαaγyιiфoжxгr";
        for (int i = 0; i < extra.length(); i += 2) {
            SKELETON_MAP[extra.charAt(i)] = extra.charAt(i + 1);
        }
        String leet = "4a@a3e1i!i|i0o5s$s7t+t8b9g6gli";
        for (int i = 0; i < leet.length(); i += 2) {
            LEET_MAP[leet.charAt(i)] = leet.charAt(i + 1);
        }
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isLetter(c)) {
                int script = UScript.getScript(c);
                WORD[c] = script == UScript.LATIN || script == UScript.CYRILLIC || script == UScript.GREEK
                        || script == UScript.ARMENIAN || script == UScript.GEORGIAN || script == UScript.HEBREW
                        || script == UScript.ARABIC;
            }
        }
    }

    private Normaliser() {
    }

    private static String fold(int cp, Normalizer2 nfkcCf, Normalizer2 nfd, Normalizer2 nfc) {
        if (Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR
                || cp == '_' || Character.getType(cp) == Character.DASH_PUNCTUATION) {
            return " ";
        }
        String enclosed = enclosedLetter(cp);
        if (enclosed != null) {
            return enclosed;
        }
        return fold(new String(Character.toChars(cp)), nfkcCf, nfd, nfc);
    }

    /** NFKC case folding, then NFD, diacritics removed, then NFC. */
    private static String fold(String unit, Normalizer2 nfkcCf, Normalizer2 nfd, Normalizer2 nfc) {
        String decomposed = nfd.normalize(nfkcCf.normalize(unit));
        StringBuilder kept = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (!isDiacritic(c)) {
                kept.append(c);
            }
        }
        return nfc.normalize(kept);
    }

    /** Negative circled and squared letters and regional indicators, which have no decomposition. */
    private static String enclosedLetter(int cp) {
        int base = cp >= 0x1F150 && cp <= 0x1F169 ? 0x1F150
                : cp >= 0x1F170 && cp <= 0x1F189 ? 0x1F170
                : cp >= 0x1F1E6 && cp <= 0x1F1FF ? 0x1F1E6 : -1;
        return base < 0 ? null : String.valueOf((char) ('a' + cp - base));
    }

    private static boolean isDiacritic(char c) {
        return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x1AB0 && c <= 0x1AFF)
                || (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F)
                || Character.getType(c) == Character.ENCLOSING_MARK;
    }

    /** Whether {@code c} is a letter of a script that separates words with spaces. */
    public static boolean isWordChar(char c) {
        return WORD[c];
    }

    /**
     * The kind of word {@code c} belongs to for boundary checks: 1 for letters of scripts that
     * separate words with spaces, 2 for katakana (loanwords are runs of katakana between kanji,
     * hiragana or spaces, so ロリ must not match inside カロリー), 0 for anything else.
     */
    public static int wordClass(char c) {
        if (WORD[c]) {
            return 1;
        }
        return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || (c >= 0x31F0 && c <= 0x31FF) ? 2 : 0;
    }

    /** All views of {@code original}; views identical to the one they derive from are not built. */
    public static Views views(String original) {
        View text = text(original);
        View skeleton = skeleton(text);
        View leet = leet(skeleton == null ? text : skeleton);
        View joined = joined(leet);
        View collapsed = collapsed(joined == null ? leet : joined);
        View concat = concat(joined == null ? leet : joined);
        return new Views(text, skeleton, leet, joined, collapsed, concat);
    }

    /** The {@code text} form of a term. */
    public static String textForm(String term) {
        return text(term).text();
    }

    /** The form a term takes in the {@code leet} and {@code joined} views. */
    public static String leetForm(String term) {
        View text = text(term);
        View skeleton = skeleton(text);
        return leet(skeleton == null ? text : skeleton).text();
    }

    /** The form a term takes inside a run of the {@code joined} view: its leet form without spaces. */
    public static String joinedForm(String term) {
        return leetForm(term).replace(" ", "");
    }

    /** The form a term takes in the {@code collapsed} view. */
    public static String collapsedForm(String term) {
        String leet = leetForm(term);
        StringBuilder b = new StringBuilder(leet.length());
        for (int i = 0; i < leet.length(); i++) {
            char c = leet.charAt(i);
            if (b.length() == 0 || b.charAt(b.length() - 1) != c || !Character.isLetter(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The form a term takes in the {@code concat} view. */
    public static String concatForm(String term) {
        String leet = leetForm(term);
        StringBuilder b = new StringBuilder(leet.length());
        for (int i = 0; i < leet.length(); i++) {
            if (Character.isLetter(leet.charAt(i))) {
                b.append(leet.charAt(i));
            }
        }
        return b.toString();
    }

    static View text(String s) {
        View.Builder out = new View.Builder(TEXT, s.length() + 8);
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (next < n && isMark(s.codePointAt(next))) {
                // A base with combining marks folds as one unit, so that NFC can compose what it may.
                int end = next;
                while (end < n && isMark(s.codePointAt(end))) {
                    end += Character.charCount(s.codePointAt(end));
                }
                String folded = foldUnit(s.substring(i, end));
                for (int k = 0; k < folded.length(); k++) {
                    appendSpaced(out, folded.charAt(k), i, end);
                }
                i = end;
                continue;
            }
            String folded = cp < TABLE_SIZE ? FOLD[cp] : foldUncached(cp);
            if (folded == null) {
                for (int k = i; k < next; k++) {
                    appendSpaced(out, s.charAt(k), i, next);
                }
            } else if (folded != DELETE) {
                for (int k = 0; k < folded.length(); k++) {
                    appendSpaced(out, folded.charAt(k), i, next);
                }
            }
            i = next;
        }
        if (out.length() > 0 && out.last() == ' ') {
            return trimLast(out);
        }
        return out.build();
    }

    private static View trimLast(View.Builder out) {
        View v = out.build();
        return new View(v.name(), v.chars, v.length - 1, v.from, v.to);
    }

    private static boolean isMark(int cp) {
        if (cp < 0x300) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static String foldUnit(String unit) {
        return fold(unit, Normalizer2.getNFKCCasefoldInstance(), Normalizer2.getNFDInstance(), Normalizer2.getNFCInstance());
    }

    private static String foldUncached(int cp) {
        String folded = fold(cp, Normalizer2.getNFKCCasefoldInstance(), Normalizer2.getNFDInstance(),
                Normalizer2.getNFCInstance());
        return folded.isEmpty() ? DELETE : folded.equals(new String(Character.toChars(cp))) ? null : folded;
    }

    private static void appendSpaced(View.Builder out, char c, int start, int end) {
        if (c == ' ' && (out.length() == 0 || out.last() == ' ')) {
            return;
        }
        out.append(c, start, end);
    }

    private static View skeleton(View text) {
        View.Builder out = null;
        for (int i = 0; i < text.length; i++) {
            char c = text.chars[i];
            char mapped = c < 0x80 ? 0 : SKELETON_MAP[c];
            if (mapped != 0 && out == null) {
                out = new View.Builder(SKELETON, text.length);
                for (int k = 0; k < i; k++) {
                    out.append(text.chars[k], text.from[k], text.to[k]);
                }
            }
            if (out != null) {
                out.append(mapped != 0 ? mapped : c, text.from[i], text.to[i]);
            }
        }
        return out == null ? null : out.build();
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || (c < 0x80 && LEET_MAP[c] != 0);
    }

    private static View leet(View in) {
        View.Builder out = new View.Builder(LEET, in.length);
        char[] s = in.chars;
        int n = in.length;
        int i = 0;
        while (i < n) {
            if (!isTokenChar(s[i])) {
                out.append(s[i], in.from[i], in.to[i]);
                i++;
                continue;
            }
            int end = i;
            boolean hasLetter = false;
            while (end < n && isTokenChar(s[end])) {
                hasLetter |= Character.isLetter(s[end]);
                end++;
            }
            if (!hasLetter && end - i == 1) {
                hasLetter = spelledOut(s, n, i);
            } else if (!hasLetter && end - i >= 3) {
                hasLetter = spelledWithSymbols(s, i, end);
            }
            for (int k = i; k < end; k++) {
                char c = s[k];
                char mapped = c;
                if (c < 0x80 && LEET_MAP[c] != 0) {
                    boolean symbol = c == '!' || c == '|' || c == '+';
                    boolean interior = k > i && k < end - 1;
                    if (Character.isLetter(c) || (hasLetter && (!symbol || interior || end - i == 1))) {
                        mapped = LEET_MAP[c];
                    }
                }
                out.append(mapped, in.from[k], in.to[k]);
            }
            i = end;
        }
        return out.build();
    }

    /** Whether a token without letters uses {@code @} or {@code $}, as in "@$$". */
    private static boolean spelledWithSymbols(char[] s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s[k] == '@' || s[k] == '$') {
                return true;
            }
        }
        return false;
    }

    /** Whether the lone character at {@code i} is spelled out between single letters, as in "n.4.k.3.d". */
    private static boolean spelledOut(char[] s, int n, int i) {
        return singleLetterAcross(s, n, i, -1) || singleLetterAcross(s, n, i, 1);
    }

    private static boolean singleLetterAcross(char[] s, int n, int i, int step) {
        int k = i + step;
        int gap = 0;
        while (k >= 0 && k < n && !isTokenChar(s[k]) && gap < 3) {
            k += step;
            gap++;
        }
        if (gap == 0 || k < 0 || k >= n || !Character.isLetter(s[k])) {
            return false;
        }
        int beyond = k + step;
        return beyond < 0 || beyond >= n || !isTokenChar(s[beyond]);
    }

    /** Joins runs of at least three single letters separated by short runs of non-letters. */
    private static View joined(View in) {
        char[] s = in.chars;
        int n = in.length;
        View.Builder out = null;
        int i = 0;
        int copied = 0;
        while (i < n) {
            if (!isSingleLetter(s, n, i)) {
                i++;
                continue;
            }
            // Extend a run of single letters starting at i.
            int count = 1;
            int last = i;
            int j = i + 1;
            while (true) {
                int gapEnd = j;
                while (gapEnd < n && gapEnd - j <= MAX_JOIN_GAP && !Character.isLetterOrDigit(s[gapEnd])) {
                    gapEnd++;
                }
                if (gapEnd == j || gapEnd - j > MAX_JOIN_GAP || !isSingleLetter(s, n, gapEnd)) {
                    break;
                }
                count++;
                last = gapEnd;
                j = gapEnd + 1;
            }
            if (count >= 3) {
                if (out == null) {
                    out = new View.Builder(JOINED, n);
                }
                for (int k = copied; k < i; k++) {
                    out.append(s[k], in.from[k], in.to[k]);
                }
                for (int k = i; k <= last; k++) {
                    if (Character.isLetter(s[k])) {
                        out.append(s[k], in.from[k], in.to[k]);
                    }
                }
                copied = last + 1;
            }
            i = last + 1;
        }
        if (out == null) {
            return null;
        }
        for (int k = copied; k < n; k++) {
            out.append(s[k], in.from[k], in.to[k]);
        }
        return out.build();
    }

    private static boolean isSingleLetter(char[] s, int n, int i) {
        return i < n && Character.isLetter(s[i])
                && (i == 0 || !Character.isLetterOrDigit(s[i - 1]))
                && (i + 1 == n || !Character.isLetterOrDigit(s[i + 1]));
    }

    /**
     * Collapses letter runs and Hangul vowel echoes ("누우우드" to "누드"); built only when some letter
     * repeats three times or more, or a Hangul syllable is echoed.
     */
    private static View collapsed(View in) {
        char[] s = in.chars;
        boolean stretched = false;
        for (int i = 1; i < in.length && !stretched; i++) {
            stretched = (i > 1 && s[i] == s[i - 1] && s[i] == s[i - 2] && Character.isLetter(s[i]))
                    || hangulEcho(s[i - 1], s[i]);
        }
        if (!stretched) {
            return null;
        }
        View.Builder out = new View.Builder(COLLAPSED, in.length);
        char kept = 0;
        for (int i = 0; i < in.length; i++) {
            char c = s[i];
            if (i > 0 && Character.isLetter(c) && (c == kept || hangulEcho(kept, c))) {
                continue;
            }
            out.append(c, in.from[i], in.to[i]);
            kept = c;
        }
        return out.build();
    }

    /** Whether {@code c} is the silent-initial syllable that repeats the vowel of open syllable {@code prev}. */
    private static boolean hangulEcho(char prev, char c) {
        if (prev < 0xAC00 || prev > 0xD7A3 || c < 0xAC00 || c > 0xD7A3) {
            return false;
        }
        int p = prev - 0xAC00;
        int q = c - 0xAC00;
        return p % 28 == 0 && q % 28 == 0 && q / 588 == 11 && (p / 28) % 21 == (q / 28) % 21;
    }

    private static View concat(View in) {
        View.Builder out = new View.Builder(CONCAT, in.length);
        for (int i = 0; i < in.length; i++) {
            if (Character.isLetter(in.chars[i])) {
                out.append(in.chars[i], in.from[i], in.to[i]);
            }
        }
        return out.build();
    }
}

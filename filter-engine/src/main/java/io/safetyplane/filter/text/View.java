package io.safetyplane.filter.text;

/**
 * One normalised form of a prompt. Every character of the view knows the range of the original text
 * it came from, so that a match anywhere in any view can be reported in original offsets.
 */
public final class View {
    private final String name;
    final char[] chars;
    final int length;
    final int[] from;
    final int[] to;

    View(String name, char[] chars, int length, int[] from, int[] to) {
        this.name = name;
        this.chars = chars;
        this.length = length;
        this.from = from;
        this.to = to;
    }

    public String name() {
        return name;
    }

    public int length() {
        return length;
    }

    public char charAt(int i) {
        return chars[i];
    }

    /** Start, in the original text, of the view range starting at {@code start}. */
    public int originalStart(int start) {
        return from[start];
    }

    /** End (exclusive), in the original text, of the view range ending before {@code end}. */
    public int originalEnd(int end) {
        return to[end - 1];
    }

    public String text() {
        return new String(chars, 0, length);
    }

    @Override
    public String toString() {
        return name + ":" + text();
    }

    /** Appends characters while recording where each came from. */
    static final class Builder {
        private final String name;
        private char[] chars;
        private int[] from;
        private int[] to;
        private int length;

        Builder(String name, int capacity) {
            this.name = name;
            int c = Math.max(16, capacity);
            chars = new char[c];
            from = new int[c];
            to = new int[c];
        }

        void append(char c, int start, int end) {
            if (length == chars.length) {
                int c2 = length * 2;
                chars = java.util.Arrays.copyOf(chars, c2);
                from = java.util.Arrays.copyOf(from, c2);
                to = java.util.Arrays.copyOf(to, c2);
            }
            chars[length] = c;
            from[length] = start;
            to[length] = end;
            length++;
        }

        int length() {
            return length;
        }

        char last() {
            return chars[length - 1];
        }

        View build() {
            return new View(name, chars, length, from, to);
        }
    }
}

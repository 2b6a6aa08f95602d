package io.safetyplane.filter.text;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over UTF-16 characters: one pass over a view finds every occurrence of
 * every pattern, in time linear in the text plus the matches. Root transitions are a direct table;
 * the others live in one open-addressing hash table keyed by state and character.
 */
public final class AhoCorasick {

    /** Receives each occurrence: pattern index and the view range {@code [start, end)}. */
    @FunctionalInterface
    public interface MatchSink {
        void match(int pattern, int start, int end);
    }

    /** Root transitions for the alphabets most prompts are written in; the rest go through the hash table. */
    private static final int ROOT_TABLE = 0x800;
    private final int[] rootNext = new int[ROOT_TABLE];
    private long[] keys;
    private int[] values;
    private int mask;
    private final int[] fail;
    /** Pattern ending at a state, or -1. */
    private final int[] output;
    /** Nearest state along the failure chain that has an output, or -1. */
    private final int[] dictionaryLink;
    /** Next pattern with the same text ending at the same state, or -1. */
    private final int[] samePattern;
    private final int[] patternLength;

    public AhoCorasick(List<String> patterns) {
        int maxStates = 1;
        for (String p : patterns) {
            maxStates += p.length();
        }
        int capacity = Integer.highestOneBit(Math.max(16, maxStates * 2)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, -1L);
        values = new int[capacity];
        mask = capacity - 1;
        int[] depth = new int[maxStates];
        int[] out = new int[maxStates];
        Arrays.fill(out, -1);
        samePattern = new int[patterns.size()];
        Arrays.fill(samePattern, -1);
        patternLength = new int[patterns.size()];
        int states = 1;
        for (int p = 0; p < patterns.size(); p++) {
            String pattern = patterns.get(p);
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("empty pattern");
            }
            patternLength[p] = pattern.length();
            int state = 0;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                int next = goTo(state, c);
                if (next <= 0) {
                    next = states++;
                    depth[next] = depth[state] + 1;
                    put(state, c, next);
                }
                state = next;
            }
            samePattern[p] = out[state];
            out[state] = p;
        }
        output = Arrays.copyOf(out, states);
        fail = new int[states];
        dictionaryLink = new int[states];
        Arrays.fill(dictionaryLink, -1);
        // Breadth-first over the trie to set failure and dictionary links.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[][] children = childrenOf(states);
        for (int child : children[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            for (int child : children[state]) {
                char c = edgeChar[child];
                int f = fail[state];
                while (f != 0 && goTo(f, c) <= 0) {
                    f = fail[f];
                }
                int target = goTo(f, c);
                fail[child] = target > 0 && target != child ? target : 0;
                int link = fail[child];
                dictionaryLink[child] = output[link] >= 0 ? link : dictionaryLink[link];
                queue.add(child);
            }
        }
        edgeChar = null;
    }

    private char[] edgeChar;

    private int[][] childrenOf(int states) {
        int[] count = new int[states];
        edgeChar = new char[states];
        for (int c = 0; c < ROOT_TABLE; c++) {
            if (rootNext[c] > 0) {
                count[0]++;
                edgeChar[rootNext[c]] = (char) c;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] >= 0) {
                count[(int) (keys[i] >>> 16)]++;
                edgeChar[values[i]] = (char) (keys[i] & 0xFFFF);
            }
        }
        int[][] children = new int[states][];
        for (int s = 0; s < states; s++) {
            children[s] = new int[count[s]];
            count[s] = 0;
        }
        for (int c = 0; c < ROOT_TABLE; c++) {
            if (rootNext[c] > 0) {
                children[0][count[0]++] = rootNext[c];
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] >= 0) {
                int parent = (int) (keys[i] >>> 16);
                children[parent][count[parent]++] = values[i];
            }
        }
        return children;
    }

    private void put(int state, char c, int next) {
        if (state == 0 && c < ROOT_TABLE) {
            rootNext[c] = next;
            return;
        }
        long key = ((long) state << 16) | c;
        int slot = hash(key) & mask;
        while (keys[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = next;
    }

    /** Next state on {@code c}, or 0 (root) when there is no edge. */
    private int goTo(int state, char c) {
        if (state == 0 && c < ROOT_TABLE) {
            return rootNext[c];
        }
        long key = ((long) state << 16) | c;
        int slot = hash(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k < 0) {
                return 0;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** Reports every occurrence of every pattern in {@code chars[0, length)}. */
    public void scan(char[] chars, int length, MatchSink sink) {
        int state = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            int next;
            while ((next = goTo(state, c)) == 0 && state != 0) {
                state = fail[state];
            }
            state = next;
            for (int s = output[state] >= 0 ? state : dictionaryLink[state]; s > 0; s = dictionaryLink[s]) {
                for (int p = output[s]; p >= 0; p = samePattern[p]) {
                    sink.match(p, i + 1 - patternLength[p], i + 1);
                }
            }
        }
    }

    public void scan(View view, MatchSink sink) {
        scan(view.chars, view.length, sink);
    }
}

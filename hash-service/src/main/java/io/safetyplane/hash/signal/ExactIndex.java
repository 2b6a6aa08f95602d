package io.safetyplane.hash.signal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Exact lookup for cryptographic hashes: the hashes as big-endian longs in one sorted primitive
 * array (2 longs per MD5, 4 per SHA-256), binary searched. About 16 or 32 bytes per hash plus an
 * int id, with no per-entry objects.
 */
final class ExactIndex implements SignalIndex {
    private final int words;
    private final long[] keys;
    private final int[] ids;

    ExactIndex(int words, String[] hashes, int count) {
        this.words = words;
        Integer[] order = new Integer[count];
        long[] raw = new long[count * words];
        for (int i = 0; i < count; i++) {
            order[i] = i;
            toWords(hashes[i], raw, i * words, words);
        }
        Arrays.sort(order, (a, b) -> compare(raw, a * words, raw, b * words, words));
        keys = new long[count * words];
        ids = new int[count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(raw, order[i] * words, keys, i * words, words);
            ids[i] = order[i];
        }
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public long memoryBytes() {
        return keys.length * 8L + ids.length * 4L;
    }

    @Override
    public void search(QuerySignal query, int maxDistance, Hits hits) {
        long[] probe = new long[words];
        toWords(query.value(), probe, 0, words);
        int lo = 0;
        int hi = ids.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(keys, mid * words, probe, 0, words);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                // equal keys (the same hash listed twice) sit next to each other
                int first = mid;
                while (first > 0 && compare(keys, (first - 1) * words, probe, 0, words) == 0) {
                    first--;
                }
                for (int i = first; i < ids.length && compare(keys, i * words, probe, 0, words) == 0; i++) {
                    hits.hit(ids[i], 0, 0);
                }
                return;
            }
        }
    }

    static void toWords(String hex, long[] out, int offset, int words) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        for (int w = 0; w < words; w++) {
            long v = 0;
            for (int b = 0; b < 8; b++) {
                v = (v << 8) | (bytes[w * 8 + b] & 0xff);
            }
            out[offset + w] = v;
        }
    }

    private static int compare(long[] a, int ao, long[] b, int bo, int words) {
        for (int w = 0; w < words; w++) {
            int c = Long.compareUnsigned(a[ao + w], b[bo + w]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

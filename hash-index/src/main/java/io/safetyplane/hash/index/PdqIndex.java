package io.safetyplane.hash.index;

import java.util.Objects;

/**
 * Exact Hamming range search over 256-bit (PDQ) hashes by multi-index hashing.
 *
 * <h2>Pigeonhole argument</h2>
 * The 256 bits are split into {@value #CHUNKS} disjoint chunks (3 × 24 + 8 × 23 bits). If
 * {@code d(q, x) <= D} then the chunk distances satisfy {@code sum_i d_i(q, x) <= D}. For any per-chunk
 * radii {@code r_i} with {@code sum_i (r_i + 1) > D} (a chunk left out counts as {@code r_i = -1}),
 * at least one chunk has {@code d_i <= r_i}, otherwise {@code sum_i d_i >= sum_i (r_i + 1) > D}.
 * So enumerating, for every chunk, all keys within {@code r_i} bit flips of the query's chunk finds
 * every match. The bound still holds when a table only uses the low {@code t <= b} bits of a
 * chunk (distances over a subset of bits are lower bounds), which is how small indexes keep
 * small tables. Radii are chosen per search distance at build time by a greedy cost model
 * (expected offset-line, postings and hash-verification cache misses); when that estimate exceeds
 * a linear scan (tiny indexes, very high distances) the search is a plain scan, which is exact too.
 *
 * <p>A candidate seen through chunk {@code c} is reported only if no earlier probed chunk
 * {@code j < c} has {@code d_j <= r_j}: such a chunk necessarily produced it already. Within one
 * chunk every entry sits in exactly one bucket and probe keys are distinct, so every match is
 * reported exactly once without a visited set.
 *
 * <h2>Layout (primitive arrays only)</h2>
 * <ul>
 *   <li>{@code hashes}: a copy of the input, 4 longs per entry, shifted by {@value #HASH_PAD} longs,
 *       <em>sorted by the table key of one chunk</em> (the probed chunk whose postings would cost the
 *       most misses), with {@code ids[position]} mapping a position back to the caller's id. That
 *       chunk needs no postings: its bucket ranges are ranges of positions in the copy.</li>
 *   <li>Per other chunk, CSR postings: {@code int} positions sorted by bucket (counting sort, two passes),
 *       4 bytes per entry per chunk.</li>
 * At 10M entries this is 32 + 10 × 4 (postings) + 4 (ids) + ≈ 12.5 ≈ 89 bytes per hash.
 *
 * <h2>Search</h2>
 * Probe keys of all probed chunks (Gosper's hack per flip weight) fill batches of up to
 * {@value #KEY_BATCH} keys; a batch is resolved in stages (offset lines, bucket ranges, gather ids,
 * hash words, verify with four popcounts), each cache-missing stage a minimal loop of independent
 * loads so that many misses are in flight at once. At 10M entries and distance 31 a query probes
 * about 2,900 keys and verifies about 2,900 candidates, so throughput is bounded by random-access
 * memory throughput; run with transparent huge pages ({@code -XX:+UseTransparentHugePages}, and
 * {@code -XX:+AlwaysPreTouch}) or page walks roughly halve it.
 *
 * <p>Instances are immutable after {@link #build} and safe for concurrent searches; probing uses
 * per-thread scratch arrays (about 12 KB per thread) and allocates almost nothing per search.
 */
public final class PdqIndex {

    /** Receives the matches of one search. Called on the searching thread. */
    @FunctionalInterface
    public interface HitSink {
        /** Entry {@code id} is at Hamming distance {@code distance} from the query. */
        void hit(int id, int distance);
    }

    static final int CHUNKS = 11;
    private static final int[] CHUNK_BITS = {24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23};
    private static final int[] CHUNK_OFFSET = new int[CHUNKS];

    static {
        int off = 0;
        for (int c = 0; c < CHUNKS; c++) {
            CHUNK_OFFSET[c] = off;
            off += CHUNK_BITS[c];
        }
        if (off != 256) {
            throw new AssertionError(off);
        }
    }

    /** Largest supported threshold (chunk radii and the cost model are tuned for PDQ's ≤ 63). */
    public static final int MAX_DISTANCE = 63;
    /** Largest number of entries ({@code 4 * size + pad} longs must fit one array). */
    public static final int MAX_SIZE = (Integer.MAX_VALUE - 16) / 4;

    static final int BUCKETS_PER_LINE = 60;
    private static final int LINE_INTS = 16;
    /** Ints before line 0, so that line data starts 64 bytes into a line-aligned array. */
    private static final int LINE_PAD = 12;
    private static final int HASH_PAD = 2;
    private static final int MIN_TABLE_BITS = 8;
    private static final int OVERFLOW_STRIDE = BUCKETS_PER_LINE + 1;

    /** Cost model, in units of one random cache miss. */
    private static final double SCAN_COST_PER_ENTRY = 0.06;
    private static final double QUERY_OVERHEAD = 40;

    private static final int KEY_BATCH = 256;
    private static final int CAND_BATCH = 256;
    /** Per-thread search scratch (about 12 KB), so searches do not allocate. */
    private static final ThreadLocal<Probe> SCRATCH = ThreadLocal.withInitial(Probe::new);

    private final int size;
    private final int maxDistance;
    private final long[] hashes;
    /**
     * When chunk probing is built: the hash copy is stored sorted by the table key of chunk
     * {@code sortedChunk}, so that chunk's postings are implicit (a bucket's range of positions is a
     * range of the copy) and {@code ids[position]} maps back to the caller's id. Other chunks'
     * postings hold positions. Otherwise {@code sortedChunk = -1}, {@code ids = null} and positions are ids.
     */
    private final int sortedChunk;
    private final int[] ids;
    /** Table bits per chunk; all zero when no plan probes. */
    private final int[] tableBits;
    private final int[][] postings;
    private final int[][] lines;
    private final int[][] overflow;
    /** plans[d] = radius per chunk (-1: not probed), or null: linear scan. */
    private final byte[][] plans;

    private PdqIndex(int size, int maxDistance, long[] hashes, int sortedChunk, int[] ids, int[] tableBits,
                     int[][] postings, int[][] lines, int[][] overflow, byte[][] plans) {
        this.size = size;
        this.maxDistance = maxDistance;
        this.hashes = hashes;
        this.sortedChunk = sortedChunk;
        this.ids = ids;
        this.tableBits = tableBits;
        this.postings = postings;
        this.lines = lines;
        this.overflow = overflow;
        this.plans = plans;
    }

    /**
     * Builds an index over the first {@code count} hashes of {@code hashes} (entry {@code i} is
     * {@code hashes[4i .. 4i+3]}; its id is {@code i}). The hashes are <em>copied</em>: the caller
     * keeps ownership of its array and may reuse it.
     *
     * @param maxDistance the largest distance any search on this index may ask for, 0..63
     * @throws IllegalArgumentException if {@code count < 0}, {@code count > MAX_SIZE},
     *                                  {@code hashes.length < 4 * count} or {@code maxDistance} is out of range
     */
    public static PdqIndex build(long[] hashes, int count, int maxDistance) {
        return build(hashes, count, maxDistance, -1, false);
    }

    /**
     * Test hook: {@code tableBitsOverride > 0} fixes the table width (capped at each chunk's bits);
     * {@code neverScan} forces chunk probing wherever the radii are feasible.
     */
    static PdqIndex build(long[] hashes, int count, int maxDistance, int tableBitsOverride, boolean neverScan) {
        Objects.requireNonNull(hashes, "hashes");
        if (count < 0 || count > MAX_SIZE) {
            throw new IllegalArgumentException("count out of range: " + count);
        }
        if (hashes.length / 4 < count) {
            throw new IllegalArgumentException("hashes.length " + hashes.length + " < 4 * count " + count);
        }
        if (maxDistance < 0 || maxDistance > MAX_DISTANCE) {
            throw new IllegalArgumentException("maxDistance must be 0.." + MAX_DISTANCE + ": " + maxDistance);
        }
        long[] copy = new long[HASH_PAD + 4 * count];
        System.arraycopy(hashes, 0, copy, HASH_PAD, 4 * count);

        int base = tableBitsOverride > 0 ? tableBitsOverride
                : Math.max(MIN_TABLE_BITS, 32 - Integer.numberOfLeadingZeros(Math.max(count - 1, 1)));
        int[] bits = new int[CHUNKS];
        for (int c = 0; c < CHUNKS; c++) {
            bits[c] = Math.min(CHUNK_BITS[c], base);
        }
        byte[][] plans = new byte[maxDistance + 1][];
        boolean anyProbe = false;
        for (int d = 0; d <= maxDistance; d++) {
            plans[d] = plan(d, bits, count, neverScan);
            anyProbe |= plans[d] != null;
        }
        if (!anyProbe || count == 0) {
            return new PdqIndex(count, maxDistance, copy, -1, null, new int[CHUNKS], null, null, null, plans);
        }
        int[][] postings = new int[CHUNKS][];
        int[][] lines = new int[CHUNKS][];
        int[][] overflow = new int[CHUNKS][];
        int maxBits = 0;
        for (int b : bits) {
            maxBits = Math.max(maxBits, b);
        }
        int[] pos = new int[(1 << maxBits) + 1];
        // Sort the copy by the key of the chunk whose postings would cost the most misses; its
        // counting-sort order becomes the position -> id map and its postings are dropped.
        int sc = sortedChunk(plans[maxDistance] != null ? plans[maxDistance] : firstPlan(plans), bits, count);
        buildChunk(copy, count, CHUNK_OFFSET[sc], bits[sc], pos, sc, postings, lines, overflow);
        int[] ids = postings[sc];
        postings[sc] = null;
        long[] sorted = new long[copy.length];
        for (int p = 0, b = HASH_PAD; p < count; p++, b += 4) {
            System.arraycopy(copy, HASH_PAD + 4 * ids[p], sorted, b, 4);
        }
        copy = null;
        for (int c = 0; c < CHUNKS; c++) {
            if (c != sc) {
                buildChunk(sorted, count, CHUNK_OFFSET[c], bits[c], pos, c, postings, lines, overflow);
            }
        }
        return new PdqIndex(count, maxDistance, sorted, sc, ids, bits, postings, lines, overflow, plans);
    }

    private static byte[] firstPlan(byte[][] plans) {
        for (int d = plans.length - 1; d >= 0; d--) {
            if (plans[d] != null) {
                return plans[d];
            }
        }
        throw new AssertionError();
    }

    /** The probed chunk with the most expected non-empty buckets per query (each a postings miss saved). */
    private static int sortedChunk(byte[] radii, int[] bits, int n) {
        int best = 0;
        double bestGain = -1;
        for (int c = 0; c < CHUNKS; c++) {
            double keys = 0;
            for (int w = 0; w <= radii[c]; w++) {
                keys += binomial(bits[c], w);
            }
            double gain = keys * (1 - Math.exp(-n / (double) (1L << bits[c])));
            if (gain > bestGain) {
                bestGain = gain;
                best = c;
            }
        }
        return best;
    }

    private static void buildChunk(long[] h, int n, int bitOff, int t, int[] pos, int c,
                                   int[][] postingsOut, int[][] linesOut, int[][] overflowOut) {
        int nb = 1 << t;
        int mask = nb - 1;
        java.util.Arrays.fill(pos, 0, nb + 1, 0);
        for (int id = 0, b = HASH_PAD; id < n; id++, b += 4) {
            pos[chunk(h, b, bitOff, t, mask) + 1]++;
        }
        for (int k = 0; k < nb; k++) {
            pos[k + 1] += pos[k];
        }
        // pos[k] = start of bucket k, pos[nb] = n.
        int nLines = (nb + BUCKETS_PER_LINE - 1) / BUCKETS_PER_LINE;
        int[] ln = new int[LINE_PAD + nLines * LINE_INTS];
        int nOverflow = 0;
        for (int l = 0; l < nLines; l++) {
            int first = l * BUCKETS_PER_LINE;
            if (pos[Math.min(first + BUCKETS_PER_LINE, nb)] - pos[first] > 255) {
                nOverflow++;
            }
        }
        int[] ov = new int[nOverflow * OVERFLOW_STRIDE];
        int o = 0;
        for (int l = 0; l < nLines; l++) {
            int first = l * BUCKETS_PER_LINE;
            int p = LINE_PAD + l * LINE_INTS;
            int base = pos[first];
            if (pos[Math.min(first + BUCKETS_PER_LINE, nb)] - base > 255) {
                ln[p] = ~o;
                for (int s = 0; s <= BUCKETS_PER_LINE; s++) {
                    ov[o * OVERFLOW_STRIDE + s] = pos[Math.min(first + s, nb)];
                }
                o++;
            } else {
                ln[p] = base;
                for (int s = 0; s < BUCKETS_PER_LINE; s++) {
                    int cum = pos[Math.min(first + s + 1, nb)] - base;
                    ln[p + 1 + (s >>> 2)] |= cum << ((s & 3) << 3);
                }
            }
        }
        int[] post = new int[n];
        for (int id = 0, b = HASH_PAD; id < n; id++, b += 4) {
            post[pos[chunk(h, b, bitOff, t, mask)]++] = id;
        }
        postingsOut[c] = post;
        linesOut[c] = ln;
        overflowOut[c] = ov;
    }

    /** Low {@code t} bits of the chunk starting at bit {@code bitOff} of the hash at {@code h[b..b+3]}. */
    private static int chunk(long[] h, int b, int bitOff, int t, int mask) {
        int w = bitOff >>> 6;
        int sh = bitOff & 63;
        long v = h[b + w] >>> sh;
        if (sh + t > 64) {
            v |= h[b + w + 1] << (64 - sh);
        }
        return (int) v & mask;
    }

    /** Greedy radii minimizing estimated misses subject to sum (r_i + 1) > d; null when a scan is cheaper. */
    private static byte[] plan(int d, int[] bits, int n, boolean neverScan) {
        if (n == 0) {
            return null;
        }
        byte[] r = new byte[CHUNKS];
        java.util.Arrays.fill(r, (byte) -1);
        double total = QUERY_OVERHEAD;
        for (int need = d + 1; need > 0; need--) {
            int best = -1;
            double bestCost = Double.MAX_VALUE;
            for (int c = 0; c < CHUNKS; c++) {
                if (r[c] >= bits[c]) {
                    continue;
                }
                double marginal = binomial(bits[c], r[c] + 1) * costPerKey(bits[c], n);
                if (marginal < bestCost) {
                    bestCost = marginal;
                    best = c;
                }
            }
            if (best < 0) {
                return null; // radii cannot reach d + 1 with these table widths
            }
            r[best]++;
            total += bestCost;
        }
        if (!neverScan && total > QUERY_OVERHEAD + SCAN_COST_PER_ENTRY * n) {
            return null;
        }
        return r;
    }

    private static double costPerKey(int t, int n) {
        double lambda = n / (double) (1L << t);
        return 1 + (1 - Math.exp(-lambda)) + lambda;
    }

    private static double binomial(int n, int k) {
        double v = 1;
        for (int i = 0; i < k; i++) {
            v = v * (n - i) / (i + 1);
        }
        return v;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Largest distance a search may ask for. */
    public int maxDistance() {
        return maxDistance;
    }

    /**
     * Bytes held by the index's arrays (element bytes, without array headers), including the hash
     * copy and the compressed offset tables.
     */
    public long memoryBytes() {
        long bytes = 8L * hashes.length;
        if (postings != null) {
            for (int c = 0; c < CHUNKS; c++) {
                bytes += (postings[c] == null ? 0 : 4L * postings[c].length) + 4L * lines[c].length
                        + 4L * overflow[c].length;
            }
        }
        if (ids != null) {
            bytes += 4L * ids.length;
        }
        for (byte[] p : plans) {
            bytes += p == null ? 0 : p.length;
        }
        return bytes;
    }

    /** Chunk radii used at distance {@code d} (-1: chunk not probed), or null when it scans. For tests and reports. */
    public int[] probeRadii(int d) {
        checkDistance(d);
        byte[] p = plans[d];
        if (p == null) {
            return null;
        }
        int[] r = new int[CHUNKS];
        for (int c = 0; c < CHUNKS; c++) {
            r[c] = p[c];
        }
        return r;
    }

    /** Offset lines that fell back to absolute offsets (skewed buckets), over all chunks. */
    public int overflowLines() {
        int n = 0;
        if (overflow != null) {
            for (int[] o : overflow) {
                n += o.length / OVERFLOW_STRIDE;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "PdqIndex[size=" + size + ", maxDistance=" + maxDistance + ", tableBits="
                + java.util.Arrays.toString(tableBits) + ", memoryBytes=" + memoryBytes()
                + ", overflowLines=" + overflowLines() + "]";
    }

    private void checkDistance(int d) {
        if (d < 0 || d > maxDistance) {
            throw new IllegalArgumentException("maxDistance must be 0.." + maxDistance + ": " + d);
        }
    }

    /**
     * Reports every entry within Hamming distance {@code maxDistance} of the query exactly once,
     * in no particular order.
     *
     * @throws IllegalArgumentException if {@code maxDistance} is negative or above {@link #maxDistance()}
     */
    public void search(long w0, long w1, long w2, long w3, int maxDistance, HitSink sink) {
        checkDistance(maxDistance);
        Objects.requireNonNull(sink, "sink");
        if (size == 0) {
            return;
        }
        byte[] radii = plans[maxDistance];
        if (radii == null) {
            scan(w0, w1, w2, w3, maxDistance, sink);
        } else {
            Probe probe = SCRATCH.get();
            if (probe.busy) { // re-entrant search from inside a HitSink
                probe = new Probe();
            }
            probe.busy = true;
            try {
                probe.run(this, w0, w1, w2, w3, maxDistance, radii, sink);
            } finally {
                probe.busy = false;
            }
        }
    }

    private void scan(long w0, long w1, long w2, long w3, int d, HitSink sink) {
        long[] h = hashes;
        for (int id = 0, b = HASH_PAD; id < size; id++, b += 4) {
            int dist = Long.bitCount(h[b] ^ w0) + Long.bitCount(h[b + 1] ^ w1)
                    + Long.bitCount(h[b + 2] ^ w2) + Long.bitCount(h[b + 3] ^ w3);
            if (dist <= d) {
                sink.hit(ids == null ? id : ids[id], dist);
            }
        }
    }

    /**
     * Scratch state of one chunk-probing search, reused per thread. Keys of consecutive chunks share
     * one batch (segments record which chunk each run of keys or candidates belongs to), so the
     * pipeline drains between dependent stages only once per batch, not once per chunk.
     */
    private static final class Probe {
        private final int[] qc = new int[CHUNKS];
        private final int[] keys = new int[KEY_BATCH];
        private final int[] linePos = new int[KEY_BATCH];
        private final int[] slots = new int[KEY_BATCH];
        private final int[] bases = new int[KEY_BATCH];
        private final int[] endWords = new int[KEY_BATCH];
        private final int[] keySegChunk = new int[CHUNKS];
        private final int[] keySegEnd = new int[CHUNKS];
        private final int[] positions = new int[CAND_BATCH];
        private final int[] cand = new int[CAND_BATCH];
        private final long[] firstWords = new long[CAND_BATCH];
        private final long[] lastWords = new long[CAND_BATCH];
        private final int[] candSegChunk = new int[CHUNKS];
        private final int[] candSegEnd = new int[CHUNKS];
        private int keySegs;
        private int candSegs;
        private boolean busy;

        private PdqIndex index;
        private long[] h;
        private int[] tableBits;
        private long w0, w1, w2, w3;
        private int d;
        private byte[] radii;
        private HitSink sink;

        void run(PdqIndex index, long w0, long w1, long w2, long w3, int d, byte[] radii, HitSink sink) {
            this.index = index;
            this.h = index.hashes;
            this.tableBits = index.tableBits;
            this.w0 = w0;
            this.w1 = w1;
            this.w2 = w2;
            this.w3 = w3;
            this.d = d;
            this.radii = radii;
            this.sink = sink;
            long[] q = {w0, w1, w2, w3};
            for (int c = 0; c < CHUNKS; c++) {
                int t = tableBits[c];
                qc[c] = chunk(q, 0, CHUNK_OFFSET[c], t, (1 << t) - 1);
            }
            keySegs = 0;
            int n = 0;
            int[] k = keys;
            for (int c = 0; c < CHUNKS; c++) {
                int r = radii[c];
                if (r < 0) {
                    continue;
                }
                int limit = 1 << tableBits[c];
                int q0 = qc[c];
                if (n == KEY_BATCH) {
                    n = flushKeys(n);
                }
                keySegChunk[keySegs++] = c;
                k[n++] = q0;
                for (int w = 1; w <= r; w++) {
                    for (int v = (1 << w) - 1; v < limit; ) {
                        if (n == KEY_BATCH) {
                            keySegEnd[keySegs - 1] = n;
                            n = flushKeys(n);
                            keySegChunk[keySegs++] = c;
                        }
                        k[n++] = q0 ^ v;
                        int low = v & -v;
                        int ripple = v + low;
                        v = (((ripple ^ v) >>> 2) >>> Integer.numberOfTrailingZeros(low)) | ripple;
                    }
                }
                keySegEnd[keySegs - 1] = n;
            }
            if (n > 0) {
                flushKeys(n);
            }
            this.index = null;
            this.h = null;
            this.sink = null;
        }

        /**
         * Resolves {@code n} buffered keys. Every stage that misses the cache is a separate, minimal
         * loop of independent loads, so that many misses are in flight at once (memory-level
         * parallelism); decoding then runs on cache-resident data. Returns 0 (the new key count).
         */
        private int flushKeys(int n) {
            int[] k = keys;
            int[] lp = linePos;
            int[] sl = slots;
            int[] bs = bases;
            int[] ew = endWords;
            for (int i = 0; i < n; i++) {
                int key = k[i];
                int line = key / BUCKETS_PER_LINE;
                sl[i] = key - line * BUCKETS_PER_LINE;
                lp[i] = LINE_PAD + (line << 4);
            }
            for (int seg = 0, i = 0; seg < keySegs; seg++) {
                int[] ln = index.lines[keySegChunk[seg]];
                for (int end = keySegEnd[seg]; i < end; i++) { // miss: one offset line per key (both words)
                    int p = lp[i];
                    bs[i] = ln[p];
                    ew[i] = ln[p + 1 + (sl[i] >>> 2)];
                }
            }
            int[] pp = positions;
            int m = 0;
            candSegs = 0;
            for (int seg = 0, i = 0; seg < keySegs; seg++) {
                int c = keySegChunk[seg];
                int[] ln = index.lines[c];
                int[] ov = index.overflow[c];
                candSegChunk[candSegs++] = c;
                for (int end = keySegEnd[seg]; i < end; i++) {
                    int base = bs[i];
                    int s = sl[i];
                    int start;
                    int stop;
                    if (base >= 0) {
                        stop = base + ((ew[i] >>> ((s & 3) << 3)) & 0xFF);
                        int sm = s - 1;
                        start = s == 0 ? base : base + ((ln[lp[i] + 1 + (sm >>> 2)] >>> ((sm & 3) << 3)) & 0xFF);
                    } else {
                        int o = ~base * OVERFLOW_STRIDE + s;
                        start = ov[o];
                        stop = ov[o + 1];
                    }
                    for (int j = start; j < stop; j++) {
                        if (m == CAND_BATCH) {
                            candSegEnd[candSegs - 1] = m;
                            verify(m);
                            m = 0;
                            candSegs = 0;
                            candSegChunk[candSegs++] = c;
                        }
                        pp[m++] = j;
                    }
                }
                candSegEnd[candSegs - 1] = m;
            }
            if (m > 0) {
                verify(m);
            }
            keySegs = 0;
            return 0;
        }

        private void verify(int m) {
            int[] pp = positions;
            int[] cd = cand;
            for (int seg = 0, i = 0; seg < candSegs; seg++) {
                int[] post = index.postings[candSegChunk[seg]];
                int end = candSegEnd[seg];
                if (post == null) { // the sorted chunk: bucket ranges are positions in the hash copy
                    System.arraycopy(pp, i, cd, i, end - i);
                    i = end;
                } else {
                    for (; i < end; i++) { // miss: postings
                        cd[i] = post[pp[i]];
                    }
                }
            }
            long[] hh = h;
            long[] fw = firstWords;
            long[] lw = lastWords;
            for (int i = 0; i < m; i++) { // miss: the candidate's hash (first and last word, in case it straddles)
                int b = HASH_PAD + (cd[i] << 2);
                fw[i] = hh[b];
                lw[i] = hh[b + 3];
            }
            int[] ids = index.ids;
            for (int seg = 0, i = 0; seg < candSegs; seg++) {
                int c = candSegChunk[seg];
                for (int end = candSegEnd[seg]; i < end; i++) {
                    int p = cd[i];
                    int b = HASH_PAD + (p << 2);
                    int dist = Long.bitCount(fw[i] ^ w0) + Long.bitCount(hh[b + 1] ^ w1)
                            + Long.bitCount(hh[b + 2] ^ w2) + Long.bitCount(lw[i] ^ w3);
                    if (dist <= d && ownedBy(c, b)) {
                        sink.hit(ids[p], dist);
                    }
                }
            }
        }

        /** True unless an earlier probed chunk is also within its radius (it reported the hit). */
        private boolean ownedBy(int c, int b) {
            for (int j = 0; j < c; j++) {
                int r = radii[j];
                if (r >= 0) {
                    int t = tableBits[j];
                    int x = chunk(h, b, CHUNK_OFFSET[j], t, (1 << t) - 1) ^ qc[j];
                    if (Integer.bitCount(x) <= r) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}

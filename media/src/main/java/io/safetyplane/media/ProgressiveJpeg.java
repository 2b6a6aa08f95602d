package io.safetyplane.media;

import java.io.ByteArrayOutputStream;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;

/**
 * Lossless transcoding of a progressive (SOF2, Huffman) JPEG into a baseline (SOF0) JPEG with the same DCT
 * coefficients, like {@code jpegtran}. The JDK's JPEG reader decodes progressive files in libjpeg's buffered-image
 * mode and emits (IDCT, upsampling, JNI copy) a full image after every scan, roughly 7x the work of a sequential
 * decode. Coefficients are kept in zigzag order. The coefficient decoding is a port of libjpeg's {@code jdphuff.c}; the output image of the baseline file
 * is what libjpeg's single-pass (non-buffered) decode of the progressive file gives, which is also what
 * libjpeg-turbo gives ImageMagick in the PDQ reference.
 *
 * <p>Anything unusual (warnings libjpeg would raise, truncation, markers out of place, tables redefined after the
 * first scan, coefficient magnitudes a baseline file cannot carry) returns {@code null}, and the caller decodes the
 * original bytes, so errors and warnings stay exactly those of the JDK decoder.
 */
final class ProgressiveJpeg {

    /** Coefficient budget (shorts) above which transcoding is not attempted: 2^27 = 256 MiB. */
    private static final long MAX_COEFFICIENTS = 1L << 27;

    private ProgressiveJpeg() {
    }

    /** Signals "do not transcode; decode the original bytes". */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    /** Quick check: is the first SOFn marker an SOF2? */
    static boolean isProgressive(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return false;
            }
            int m = b[p + 1] & 0xFF;
            if (m == 0xFF) {
                p++;
                continue;
            }
            if (m == 0xC2) {
                return true;
            }
            if ((m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) || m == 0xDA || m == 0xD9) {
                return false;
            }
            p += 2 + (((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF));
        }
        return false;
    }

    /** The baseline equivalent of a progressive JPEG, or {@code null} when the original should be decoded. */
    static byte[] toBaseline(byte[] b) {
        try {
            return new ProgressiveJpeg.Transcoder(b).run();
        } catch (Unsupported | RuntimeException | OutOfMemoryError e) {
            return null; // the JDK decoder then decodes the original (and reports its own errors)
        }
    }

    // ---------------------------------------------------------------- Huffman decoding tables

    private static final class HuffDecode {
        final int[] maxcode = new int[18];
        final int[] valoffset = new int[17];
        final int[] vals;
        /** 9-bit lookahead: (length << 8) | value, 0 when the code is longer. */
        final int[] look = new int[1 << 9];

        HuffDecode(int[] bits, int[] vals) throws Unsupported {
            this.vals = vals;
            int[] huffsize = new int[257];
            int[] huffcode = new int[257];
            int p = 0;
            for (int l = 1; l <= 16; l++) {
                for (int i = 0; i < bits[l]; i++) {
                    huffsize[p++] = l;
                }
            }
            int n = p;
            int code = 0;
            int si = huffsize[0];
            p = 0;
            while (p < n) {
                while (huffsize[p] == si) {
                    huffcode[p++] = code++;
                }
                if (code >= (1 << si)) {
                    throw UNSUPPORTED; // libjpeg: JERR_BAD_HUFF_TABLE
                }
                code <<= 1;
                si++;
            }
            p = 0;
            for (int l = 1; l <= 16; l++) {
                if (bits[l] != 0) {
                    valoffset[l] = p - huffcode[p];
                    p += bits[l];
                    maxcode[l] = huffcode[p - 1];
                } else {
                    maxcode[l] = -1;
                }
            }
            maxcode[17] = Integer.MAX_VALUE;
            p = 0;
            for (int l = 1; l <= 9; l++) {
                for (int i = 1; i <= bits[l]; i++, p++) {
                    int lookbits = huffcode[p] << (9 - l);
                    for (int ctr = 1 << (9 - l); ctr > 0; ctr--) {
                        look[lookbits++] = (l << 8) | vals[p];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- the transcoder

    private static final class Transcoder {
        private final byte[] b;
        private int pos;

        // frame
        private int width;
        private int height;
        private int ncomp;
        private int[] compId;
        private int[] hs;
        private int[] vs;
        private int[] blocksW; // allocated (padded) blocks per row
        private int[] widthInBlocks;
        private int[] heightInBlocks;
        private short[][] coef;
        private int mcusX;
        private int mcusY;
        private int maxH;
        private int maxV;

        private final HuffDecode[] dcTables = new HuffDecode[4];
        private final HuffDecode[] acTables = new HuffDecode[4];
        private int restartInterval;

        // bit reader
        private long bitBuf;
        private int bitCnt;
        private int fakeBits;
        private boolean atMarker;

        Transcoder(byte[] b) {
            this.b = b;
        }

        private int u8(int p) throws Unsupported {
            if (p >= b.length) {
                throw UNSUPPORTED;
            }
            return b[p] & 0xFF;
        }

        private int u16(int p) throws Unsupported {
            return (u8(p) << 8) | u8(p + 1);
        }

        byte[] run() throws Unsupported {
            ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
            if (u8(0) != 0xFF || u8(1) != 0xD8) {
                throw UNSUPPORTED;
            }
            head.write(0xFF);
            head.write(0xD8);
            pos = 2;
            boolean frame = false;
            boolean firstScanSeen = false;
            while (true) {
                if (u8(pos) != 0xFF) {
                    throw UNSUPPORTED; // extraneous bytes: libjpeg would warn
                }
                int m = u8(pos + 1);
                if (m == 0xFF) {
                    throw UNSUPPORTED; // fill bytes: unusual, let libjpeg handle them
                }
                if (m == 0xD9) {
                    break;
                }
                if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                    throw UNSUPPORTED;
                }
                int len = u16(pos + 2);
                int seg = pos + 4;
                int end = pos + 2 + len;
                if (len < 2 || end > b.length) {
                    throw UNSUPPORTED;
                }
                switch (m) {
                    case 0xC2 -> {
                        if (frame) {
                            throw UNSUPPORTED;
                        }
                        frame = true;
                        readFrame(seg, len - 2);
                        head.write(b, pos, 2 + len);
                        // rewrite as SOF0 in the copy
                        byte[] h = head.toByteArray();
                        h[h.length - len - 1] = (byte) 0xC0;
                        head.reset();
                        head.write(h, 0, h.length);
                    }
                    case 0xC4 -> readHuffmanTables(seg, end);
                    case 0xDD -> {
                        if (len != 4) {
                            throw UNSUPPORTED;
                        }
                        restartInterval = u16(seg);
                    }
                    case 0xDB -> {
                        if (firstScanSeen) {
                            throw UNSUPPORTED; // a table redefined after its first use
                        }
                        head.write(b, pos, 2 + len);
                    }
                    case 0xDA -> {
                        if (!frame) {
                            throw UNSUPPORTED;
                        }
                        firstScanSeen = true;
                        pos = end;
                        scan(seg, len - 2);
                        continue;
                    }
                    default -> {
                        if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
                            if (!firstScanSeen) {
                                head.write(b, pos, 2 + len);
                            }
                        } else {
                            throw UNSUPPORTED; // other SOFn, DNL, DAC, JPG extensions
                        }
                    }
                }
                pos = end;
            }
            if (!firstScanSeen) {
                throw UNSUPPORTED;
            }
            return encode(head);
        }

        private void readFrame(int p, int len) throws Unsupported {
            if (u8(p) != 8) {
                throw UNSUPPORTED;
            }
            height = u16(p + 1);
            width = u16(p + 3);
            ncomp = u8(p + 5);
            if (width <= 0 || height <= 0 || ncomp < 1 || ncomp > 4 || len != 6 + 3 * ncomp) {
                throw UNSUPPORTED;
            }
            compId = new int[ncomp];
            hs = new int[ncomp];
            vs = new int[ncomp];
            for (int c = 0; c < ncomp; c++) {
                compId[c] = u8(p + 6 + 3 * c);
                int hv = u8(p + 7 + 3 * c);
                hs[c] = hv >> 4;
                vs[c] = hv & 15;
                if (hs[c] < 1 || hs[c] > 4 || vs[c] < 1 || vs[c] > 4 || u8(p + 8 + 3 * c) > 3) {
                    throw UNSUPPORTED;
                }
                maxH = Math.max(maxH, hs[c]);
                maxV = Math.max(maxV, vs[c]);
            }
            mcusX = (width + 8 * maxH - 1) / (8 * maxH);
            mcusY = (height + 8 * maxV - 1) / (8 * maxV);
            if (ncomp == 1) {
                // a single-component frame is never interleaved: its MCU is one block
                mcusX = (width + 7) / 8;
                mcusY = (height + 7) / 8;
            }
            blocksW = new int[ncomp];
            widthInBlocks = new int[ncomp];
            heightInBlocks = new int[ncomp];
            long total = 0;
            for (int c = 0; c < ncomp; c++) {
                widthInBlocks[c] = (int) (((long) width * hs[c] + 8L * maxH - 1) / (8L * maxH));
                heightInBlocks[c] = (int) (((long) height * vs[c] + 8L * maxV - 1) / (8L * maxV));
                int bw = ncomp == 1 ? mcusX : mcusX * hs[c];
                int bh = ncomp == 1 ? mcusY : mcusY * vs[c];
                blocksW[c] = bw;
                total += (long) bw * bh * 64;
            }
            if (total > MAX_COEFFICIENTS) {
                throw UNSUPPORTED;
            }
            coef = new short[ncomp][];
            for (int c = 0; c < ncomp; c++) {
                int bh = ncomp == 1 ? mcusY : mcusY * vs[c];
                coef[c] = new short[blocksW[c] * bh * 64];
            }
        }

        private void readHuffmanTables(int p, int end) throws Unsupported {
            while (p < end) {
                int tc = u8(p) >> 4;
                int th = u8(p) & 15;
                if (tc > 1 || th > 3) {
                    throw UNSUPPORTED;
                }
                int[] bits = new int[17];
                int count = 0;
                for (int l = 1; l <= 16; l++) {
                    bits[l] = u8(p + l);
                    count += bits[l];
                }
                if (count > 256 || p + 17 + count > end) {
                    throw UNSUPPORTED;
                }
                int[] vals = new int[count];
                for (int i = 0; i < count; i++) {
                    vals[i] = u8(p + 17 + i);
                }
                HuffDecode t = new HuffDecode(bits, vals);
                if (tc == 0) {
                    dcTables[th] = t;
                } else {
                    acTables[th] = t;
                }
                p += 17 + count;
            }
            if (p != end) {
                throw UNSUPPORTED;
            }
        }

        // ------------------------------------------------------------ bits

        private void fill() throws Unsupported {
            while (bitCnt <= 56) {
                int v = 0;
                if (!atMarker && pos < b.length) {
                    int c = b[pos] & 0xFF;
                    if (c == 0xFF) {
                        int n = pos + 1 < b.length ? b[pos + 1] & 0xFF : -1;
                        if (n == 0) {
                            pos += 2;
                            v = 0xFF;
                        } else {
                            atMarker = true; // pos stays on the marker
                            fakeBits += 8;
                        }
                    } else {
                        pos++;
                        v = c;
                    }
                } else {
                    fakeBits += 8;
                }
                bitBuf = (bitBuf << 8) | v;
                bitCnt += 8;
            }
        }

        private int bits(int n) throws Unsupported {
            if (n == 0) {
                return 0;
            }
            if (bitCnt < n) {
                fill();
            }
            bitCnt -= n;
            if (bitCnt < fakeBits) {
                throw UNSUPPORTED; // read past the end of the segment: libjpeg would warn
            }
            return (int) (bitBuf >>> bitCnt) & ((1 << n) - 1);
        }

        private int bit() throws Unsupported {
            return bits(1);
        }

        private int decode(HuffDecode t) throws Unsupported {
            if (bitCnt < 16) {
                fill();
            }
            int look = (int) (bitBuf >>> (bitCnt - 9)) & 0x1FF;
            int e = t.look[look];
            if (e != 0) {
                bitCnt -= e >> 8;
                if (bitCnt < fakeBits) {
                    throw UNSUPPORTED;
                }
                return e & 0xFF;
            }
            int l = 10;
            int code = (int) (bitBuf >>> (bitCnt - l)) & ((1 << l) - 1);
            while (code > t.maxcode[l]) {
                l++;
                if (l > 16) {
                    throw UNSUPPORTED; // bad Huffman code
                }
                code = (int) (bitBuf >>> (bitCnt - l)) & ((1 << l) - 1);
            }
            bitCnt -= l;
            if (bitCnt < fakeBits) {
                throw UNSUPPORTED;
            }
            int idx = code + t.valoffset[l];
            if (idx < 0 || idx >= t.vals.length) {
                throw UNSUPPORTED;
            }
            return t.vals[idx];
        }

        private static int extend(int r, int s) {
            return r < (1 << (s - 1)) ? r - (1 << s) + 1 : r;
        }

        /** Byte-aligns and consumes the expected RSTn marker; anything else is left to libjpeg. */
        private void restart(int n) throws Unsupported {
            // discard buffered whole bytes: they were read ahead from the segment
            int bytesBuffered = (bitCnt - fakeBits) / 8;
            if (fakeBits > 0 && !atMarker) {
                throw UNSUPPORTED;
            }
            // rewind pos over the buffered bytes (each 0xFF data byte took two input bytes)
            for (int i = 0; i < bytesBuffered; i++) {
                pos--;
                if (pos > 0 && (b[pos] & 0xFF) == 0 && (b[pos - 1] & 0xFF) == 0xFF) {
                    pos--;
                }
            }
            // remaining bits in a partial byte: must be padding; pos points after the last consumed byte
            bitBuf = 0;
            bitCnt = 0;
            fakeBits = 0;
            atMarker = false;
            if (u8(pos) != 0xFF || u8(pos + 1) != (0xD0 + (n & 7))) {
                throw UNSUPPORTED;
            }
            pos += 2;
        }

        // ------------------------------------------------------------ scans

        private void scan(int p, int len) throws Unsupported {
            int ns = u8(p);
            if (ns < 1 || ns > 4 || len != 4 + 2 * ns) {
                throw UNSUPPORTED;
            }
            int[] comps = new int[ns];
            int[] dcTbl = new int[ns];
            int[] acTbl = new int[ns];
            for (int i = 0; i < ns; i++) {
                int id = u8(p + 1 + 2 * i);
                int c = -1;
                for (int k = 0; k < ncomp; k++) {
                    if (compId[k] == id) {
                        c = k;
                    }
                }
                if (c < 0) {
                    throw UNSUPPORTED;
                }
                for (int k = 0; k < i; k++) {
                    if (comps[k] == c) {
                        throw UNSUPPORTED;
                    }
                }
                comps[i] = c;
                dcTbl[i] = u8(p + 2 + 2 * i) >> 4;
                acTbl[i] = u8(p + 2 + 2 * i) & 15;
                if (dcTbl[i] > 3 || acTbl[i] > 3) {
                    throw UNSUPPORTED;
                }
            }
            int q = p + 1 + 2 * ns;
            int ss = u8(q);
            int se = u8(q + 1);
            int ah = u8(q + 2) >> 4;
            int al = u8(q + 2) & 15;
            // jdphuff.c start_pass_phuff_decoder validity checks
            if (ss == 0) {
                if (se != 0) {
                    throw UNSUPPORTED;
                }
            } else {
                if (se < ss || se > 63 || ns != 1) {
                    throw UNSUPPORTED;
                }
            }
            if (ah != 0 && al != ah - 1) {
                throw UNSUPPORTED;
            }
            if (al > 13) {
                throw UNSUPPORTED;
            }
            for (int i = 0; i < ns; i++) {
                if (ss == 0 && ah == 0 && dcTables[dcTbl[i]] == null) {
                    throw UNSUPPORTED;
                }
                if (ss != 0 && acTables[acTbl[i]] == null) {
                    throw UNSUPPORTED;
                }
            }
            bitBuf = 0;
            bitCnt = 0;
            fakeBits = 0;
            atMarker = false;
            int[] lastDc = new int[ns];
            int eobrun = 0;
            int restartsLeft = restartInterval;
            int nextRestart = 0;
            boolean interleaved = ns > 1;
            int unitsX = interleaved ? mcusX : widthInBlocks[comps[0]];
            int unitsY = interleaved ? mcusY : heightInBlocks[comps[0]];
            if (!interleaved && ncomp == 1) {
                unitsX = widthInBlocks[0];
                unitsY = heightInBlocks[0];
            }
            for (int my = 0; my < unitsY; my++) {
                for (int mx = 0; mx < unitsX; mx++) {
                    if (restartInterval != 0) {
                        if (restartsLeft == 0) {
                            restart(nextRestart);
                            nextRestart++;
                            restartsLeft = restartInterval;
                            java.util.Arrays.fill(lastDc, 0);
                            eobrun = 0;
                        }
                        restartsLeft--;
                    }
                    if (interleaved) {
                        for (int i = 0; i < ns; i++) {
                            int c = comps[i];
                            for (int by = 0; by < vs[c]; by++) {
                                for (int bx = 0; bx < hs[c]; bx++) {
                                    int off = (((my * vs[c] + by) * blocksW[c]) + mx * hs[c] + bx) * 64;
                                    lastDc[i] = dcBlock(coef[c], off, dcTables[dcTbl[i]], ah, al, lastDc[i]);
                                }
                            }
                        }
                    } else {
                        int c = comps[0];
                        int off = (my * blocksW[c] + mx) * 64;
                        if (ss == 0) {
                            lastDc[0] = dcBlock(coef[c], off, dcTables[dcTbl[0]], ah, al, lastDc[0]);
                        } else if (ah == 0) {
                            eobrun = acFirst(coef[c], off, acTables[acTbl[0]], ss, se, al, eobrun);
                        } else {
                            eobrun = acRefine(coef[c], off, acTables[acTbl[0]], ss, se, al, eobrun);
                        }
                    }
                }
            }
            // end of scan: the rest of the buffered bits must be padding, then a marker
            int bytesBuffered = (bitCnt - fakeBits) / 8;
            for (int i = 0; i < bytesBuffered; i++) {
                pos--;
                if (pos > 0 && (b[pos] & 0xFF) == 0 && (b[pos - 1] & 0xFF) == 0xFF) {
                    pos--;
                }
            }
            if (u8(pos) != 0xFF || u8(pos + 1) == 0) {
                throw UNSUPPORTED; // extraneous bytes before the next marker
            }
        }

        private int dcBlock(short[] a, int off, HuffDecode t, int ah, int al, int last) throws Unsupported {
            if (ah == 0) {
                int s = decode(t);
                if (s != 0) {
                    if (s > 15) {
                        throw UNSUPPORTED;
                    }
                    int r = bits(s);
                    s = extend(r, s);
                }
                last += s;
                a[off] = (short) (last << al);
            } else if (bit() != 0) {
                a[off] |= (short) (1 << al);
            }
            return last;
        }

        private int acFirst(short[] a, int off, HuffDecode t, int ss, int se, int al, int eobrun) throws Unsupported {
            if (eobrun > 0) {
                return eobrun - 1;
            }
            for (int k = ss; k <= se; k++) {
                int rs = decode(t);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    k += r;
                    if (k > 63) {
                        throw UNSUPPORTED; // corrupt run (libjpeg clamps the position to 63)
                    }
                    int v = bits(s);
                    s = extend(v, s);
                    a[off + k] = (short) (s << al);
                } else {
                    if (r == 15) {
                        k += 15;
                    } else {
                        eobrun = 1 << r;
                        if (r != 0) {
                            eobrun += bits(r);
                        }
                        eobrun--;
                        break;
                    }
                }
            }
            return eobrun;
        }

        private int acRefine(short[] a, int off, HuffDecode t, int ss, int se, int al, int eobrun)
                throws Unsupported {
            int p1 = 1 << al;
            int m1 = -1 << al;
            int k = ss;
            if (eobrun == 0) {
                for (; k <= se; k++) {
                    int rs = decode(t);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s != 0) {
                        if (s != 1) {
                            throw UNSUPPORTED; // libjpeg: JWRN_HUFF_BAD_CODE
                        }
                        s = bit() != 0 ? p1 : m1;
                    } else if (r != 15) {
                        eobrun = 1 << r;
                        if (r != 0) {
                            eobrun += bits(r);
                        }
                        break;
                    }
                    do {
                        int z = off + k;
                        if (a[z] != 0) {
                            if (bit() != 0 && (a[z] & p1) == 0) {
                                a[z] += (short) (a[z] >= 0 ? p1 : m1);
                            }
                        } else {
                            if (--r < 0) {
                                break;
                            }
                        }
                        k++;
                    } while (k <= se);
                    if (s != 0) {
                        if (k > 63) {
                            throw UNSUPPORTED;
                        }
                        a[off + k] = (short) s;
                    }
                }
            }
            if (eobrun > 0) {
                for (; k <= se; k++) {
                    int z = off + k;
                    if (a[z] != 0 && bit() != 0 && (a[z] & p1) == 0) {
                        a[z] += (short) (a[z] >= 0 ? p1 : m1);
                    }
                }
                eobrun--;
            }
            return eobrun;
        }

        // ------------------------------------------------------------ baseline output

        private int[] dcCode;
        private int[] dcLen;
        private int[] acCode;
        private int[] acLen;
        private byte[] out;
        private int outPos;
        private long putBuf;
        private int putBits;

        private static void buildCodes(JPEGHuffmanTable t, int[] code, int[] len) {
            short[] lengths = t.getLengths();
            short[] values = t.getValues();
            int c = 0;
            int p = 0;
            for (int l = 1; l <= 16; l++) {
                for (int i = 0; i < lengths[l - 1]; i++) {
                    int v = values[p++] & 0xFF;
                    code[v] = c++;
                    len[v] = l;
                }
                c <<= 1;
            }
        }

        private void writeTable(ByteArrayOutputStream o, int tcth, JPEGHuffmanTable t) {
            short[] lengths = t.getLengths();
            short[] values = t.getValues();
            int len = 2 + 1 + 16 + values.length;
            o.write(0xFF);
            o.write(0xC4);
            o.write(len >> 8);
            o.write(len & 0xFF);
            o.write(tcth);
            for (short l : lengths) {
                o.write(l);
            }
            for (short v : values) {
                o.write(v);
            }
        }

        private byte[] encode(ByteArrayOutputStream head) throws Unsupported {
            dcCode = new int[256];
            dcLen = new int[256];
            acCode = new int[256];
            acLen = new int[256];
            buildCodes(JPEGHuffmanTable.StdDCLuminance, dcCode, dcLen);
            buildCodes(JPEGHuffmanTable.StdACLuminance, acCode, acLen);
            writeTable(head, 0x00, JPEGHuffmanTable.StdDCLuminance);
            writeTable(head, 0x10, JPEGHuffmanTable.StdACLuminance);
            int sosLen = 6 + 2 * ncomp;
            head.write(0xFF);
            head.write(0xDA);
            head.write(sosLen >> 8);
            head.write(sosLen & 0xFF);
            head.write(ncomp);
            for (int c = 0; c < ncomp; c++) {
                head.write(compId[c]);
                head.write(0x00);
            }
            head.write(0);
            head.write(63);
            head.write(0);
            byte[] h = head.toByteArray();
            out = new byte[Math.max(h.length + 1024, b.length + b.length / 2 + 1024)];
            System.arraycopy(h, 0, out, 0, h.length);
            outPos = h.length;
            int[] pred = new int[ncomp];
            if (ncomp == 1) {
                for (int by = 0; by < heightInBlocks[0]; by++) {
                    for (int bx = 0; bx < widthInBlocks[0]; bx++) {
                        pred[0] = encodeBlock(coef[0], (by * blocksW[0] + bx) * 64, pred[0]);
                    }
                }
            } else {
                for (int my = 0; my < mcusY; my++) {
                    for (int mx = 0; mx < mcusX; mx++) {
                        for (int c = 0; c < ncomp; c++) {
                            for (int by = 0; by < vs[c]; by++) {
                                for (int bx = 0; bx < hs[c]; bx++) {
                                    int off = (((my * vs[c] + by) * blocksW[c]) + mx * hs[c] + bx) * 64;
                                    pred[c] = encodeBlock(coef[c], off, pred[c]);
                                }
                            }
                        }
                    }
                }
            }
            // pad with ones
            flushBits();
            if (putBits > 0) {
                putBuf = (putBuf << 7) | 0x7F;
                putBits += 7;
                flushBits();
            }
            ensure(2);
            out[outPos++] = (byte) 0xFF;
            out[outPos++] = (byte) 0xD9;
            return java.util.Arrays.copyOf(out, outPos);
        }

        private void ensure(int n) {
            if (outPos + n > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, outPos + n));
            }
        }

        /** Appends {@code size} (at most 27) bits; the caller has ensured room for the block. */
        private void put(int code, int size) {
            putBuf = (putBuf << size) | (code & ((1L << size) - 1));
            putBits += size;
            if (putBits >= 32) {
                int w = (int) (putBuf >>> (putBits - 32));
                putBits -= 32;
                if (!hasFF(w)) {
                    out[outPos] = (byte) (w >>> 24);
                    out[outPos + 1] = (byte) (w >>> 16);
                    out[outPos + 2] = (byte) (w >>> 8);
                    out[outPos + 3] = (byte) w;
                    outPos += 4;
                } else {
                    emit(w >>> 24);
                    emit(w >>> 16);
                    emit(w >>> 8);
                    emit(w);
                }
            }
        }

        private static boolean hasFF(int w) {
            return (w & 0xFF000000) == 0xFF000000 || (w & 0xFF0000) == 0xFF0000 || (w & 0xFF00) == 0xFF00
                    || (w & 0xFF) == 0xFF;
        }

        private void emit(int c) {
            c &= 0xFF;
            out[outPos++] = (byte) c;
            if (c == 0xFF) {
                out[outPos++] = 0;
            }
        }

        private void flushBits() {
            while (putBits >= 8) {
                putBits -= 8;
                ensure(2);
                emit((int) (putBuf >>> putBits));
            }
        }

        private static int nbits(int v) {
            int a = v < 0 ? -v : v;
            return 32 - Integer.numberOfLeadingZeros(a);
        }

        private int encodeBlock(short[] a, int off, int pred) throws Unsupported {
            if (outPos + 1024 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            int dc = a[off];
            int diff = dc - pred;
            int n = nbits(diff);
            if (n > 11) {
                throw UNSUPPORTED;
            }
            put((dcCode[n] << n) | ((diff < 0 ? diff - 1 : diff) & ((1 << n) - 1)), dcLen[n] + n);
            int last = off + 63;
            while (last > off && a[last] == 0) {
                last--;
            }
            int run = 0;
            for (int k = off + 1; k <= last; k++) {
                int v = a[k];
                if (v == 0) {
                    run++;
                    continue;
                }
                while (run > 15) {
                    put(acCode[0xF0], acLen[0xF0]);
                    run -= 16;
                }
                int sz = nbits(v);
                if (sz > 10) {
                    throw UNSUPPORTED;
                }
                int sym = (run << 4) | sz;
                put((acCode[sym] << sz) | ((v < 0 ? v - 1 : v) & ((1 << sz) - 1)), acLen[sym] + sz);
                run = 0;
            }
            if (last < off + 63) {
                put(acCode[0x00], acLen[0x00]);
            }
            return dc;
        }
    }
}

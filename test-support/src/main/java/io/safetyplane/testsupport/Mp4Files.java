package io.safetyplane.testsupport;

import java.nio.ByteBuffer;

/** Edits of MP4 files that encoders used in tests cannot produce. */
public final class Mp4Files {
    private Mp4Files() {
    }

    /**
     * The file with every track header's transformation matrix (ISO/IEC 14496-12 8.3.2) set to a, b, c, d
     * (in units of 1.0), as a phone writes a portrait recording: {@code 0, 1, -1, 0} turns it a quarter
     * clockwise for display.
     */
    public static byte[] withMatrix(byte[] mp4, int a, int b, int c, int d) {
        byte[] out = mp4.clone();
        for (int i = 4; i + 4 <= out.length; i++) {
            if (out[i] == 't' && out[i + 1] == 'k' && out[i + 2] == 'h' && out[i + 3] == 'd') {
                int box = i - 4;
                int matrix = box + (out[box + 8] == 1 ? 60 : 48); // after the 64- or 32-bit times of version 1 or 0
                ByteBuffer m = ByteBuffer.wrap(out, matrix, 36);
                for (int v : new int[] { a << 16, b << 16, 0, c << 16, d << 16, 0, 0, 0, 1 << 30 }) {
                    m.putInt(v);
                }
            }
        }
        return out;
    }
}

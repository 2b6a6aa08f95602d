package io.safetyplane.media;

import io.safetyplane.media.MediaRejectedException.Reason;

/**
 * What the decoder needs from the container before decoding: dimensions (header only, no pixel buffers), EXIF
 * orientation, and for JPEG the facts libjpeg uses to pick the colour transform ({@code jdapimin.c}
 * {@code default_decompress_parms}).
 */
final class ContainerInfo {

    final ImageHeader header;
    final int orientation;
    /** JPEG only: component count and ids from the SOF, JFIF APP0 seen, Adobe APP14 transform or -1. */
    final int jpegComponents;
    final int[] jpegComponentIds;
    final boolean jfif;
    final int adobeTransform;
    /** GIF only: logical screen size, also checked against the pixel limit. */
    final long gifScreenPixels;

    private ContainerInfo(ImageHeader header, int orientation, int jpegComponents, int[] ids, boolean jfif,
            int adobeTransform, long gifScreenPixels) {
        this.header = header;
        this.orientation = orientation;
        this.jpegComponents = jpegComponents;
        this.jpegComponentIds = ids;
        this.jfif = jfif;
        this.adobeTransform = adobeTransform;
        this.gifScreenPixels = gifScreenPixels;
    }

    static ContainerInfo parse(MediaFormat f, byte[] b) throws MediaRejectedException {
        try {
            return switch (f) {
                case JPEG -> jpeg(b);
                case PNG -> png(b);
                case GIF -> gif(b);
                case BMP -> bmp(b);
                case WEBP -> webp(b);
                case MP4 -> throw new MediaRejectedException(Reason.UNSUPPORTED_FORMAT, "MP4 is video, not an image");
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw corrupt(f + " header is truncated (" + b.length + " bytes)");
        }
    }

    private static ContainerInfo simple(MediaFormat f, long w, long h, int orientation) throws MediaRejectedException {
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new MediaRejectedException(Reason.CORRUPT, f + " header declares invalid dimensions " + w + "x" + h);
        }
        return new ContainerInfo(new ImageHeader(f, (int) w, (int) h), orientation, 0, null, false, -1, 0);
    }

    // ---- PNG: IHDR must be the first chunk (PNG spec 5.6)
    private static ContainerInfo png(byte[] b) throws MediaRejectedException {
        if (b.length < 33) {
            throw corrupt("PNG is truncated before the end of IHDR (" + b.length + " bytes)");
        }
        if (be32(b, 8) != 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw corrupt("PNG does not start with a 13-byte IHDR chunk");
        }
        return simple(MediaFormat.PNG, be32(b, 16), be32(b, 20), 1);
    }

    // ---- GIF: logical screen descriptor, then the first image descriptor
    private static ContainerInfo gif(byte[] b) throws MediaRejectedException {
        if (b.length < 13) {
            throw corrupt("GIF is truncated inside the logical screen descriptor");
        }
        int sw = le16(b, 6);
        int sh = le16(b, 8);
        int p = 13;
        int packed = b[10] & 0xFF;
        if ((packed & 0x80) != 0) {
            p += 3 << ((packed & 7) + 1);
        }
        while (p < b.length) {
            int tag = b[p] & 0xFF;
            if (tag == 0x2C) {
                if (p + 10 > b.length) {
                    break;
                }
                ContainerInfo ci = simple(MediaFormat.GIF, le16(b, p + 5), le16(b, p + 7), 1);
                return new ContainerInfo(ci.header, 1, 0, null, false, -1, (long) sw * sh);
            } else if (tag == 0x21) {
                p += 2;
                while (p < b.length) {
                    int n = b[p] & 0xFF;
                    p += 1 + n;
                    if (n == 0) {
                        break;
                    }
                }
            } else {
                break; // trailer or garbage: no image descriptor
            }
        }
        throw corrupt("GIF has no image descriptor (logical screen " + sw + "x" + sh + ")");
    }

    // ---- BMP: BITMAPCOREHEADER (12 bytes, 16-bit dims) or BITMAPINFOHEADER and later (signed 32-bit dims)
    private static ContainerInfo bmp(byte[] b) throws MediaRejectedException {
        if (b.length < 26) {
            throw corrupt("BMP is truncated inside the headers (" + b.length + " bytes)");
        }
        long hs = le32(b, 14);
        if (hs == 12) {
            return simple(MediaFormat.BMP, le16(b, 18), le16(b, 20), 1);
        }
        if (hs < 16 || b.length < 26) {
            throw corrupt("BMP has an unknown DIB header size " + hs);
        }
        long w = (int) le32(b, 18);
        long h = (int) le32(b, 22);
        return simple(MediaFormat.BMP, w, Math.abs(h), 1); // negative height = top-down rows
    }

    // ---- WebP: RIFF chunks; VP8 frame header, VP8L header or VP8X canvas; EXIF chunk for orientation
    private static ContainerInfo webp(byte[] b) throws MediaRejectedException {
        if (b.length < 30) {
            throw corrupt("WebP is truncated inside the first chunk header (" + b.length + " bytes)");
        }
        long w = -1;
        long h = -1;
        int orientation = 1;
        int p = 12;
        boolean first = true;
        while (p + 8 <= b.length) {
            String cc = new String(b, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = le32(b, p + 4);
            int d = p + 8;
            if (first) {
                switch (cc) {
                    case "VP8 " -> {
                        if ((b[d + 3] & 0xFF) != 0x9D || (b[d + 4] & 0xFF) != 0x01 || (b[d + 5] & 0xFF) != 0x2A) {
                            throw corrupt("WebP VP8 frame lacks the 9D 01 2A start code");
                        }
                        w = le16(b, d + 6) & 0x3FFF;
                        h = le16(b, d + 8) & 0x3FFF;
                    }
                    case "VP8L" -> {
                        if ((b[d] & 0xFF) != 0x2F) {
                            throw corrupt("WebP VP8L chunk lacks the 0x2F signature");
                        }
                        long bits = le32(b, d + 1);
                        w = (bits & 0x3FFF) + 1;
                        h = ((bits >>> 14) & 0x3FFF) + 1;
                    }
                    case "VP8X" -> {
                        w = le24(b, d + 4) + 1;
                        h = le24(b, d + 7) + 1;
                    }
                    default -> throw corrupt("WebP first chunk is '" + printable(cc) + "', not VP8/VP8L/VP8X");
                }
                first = false;
            } else if (cc.equals("EXIF") && orientation == 1) {
                orientation = ExifOrientation.fromTiff(b, d, (int) Math.min(size, b.length - d));
            }
            if (size > b.length) {
                break;
            }
            p = (int) (d + size + (size & 1));
        }
        return simple(MediaFormat.WEBP, w, h, orientation);
    }

    // ---- JPEG: walk the marker segments up to SOS (ITU T.81 B.1)
    private static ContainerInfo jpeg(byte[] b) throws MediaRejectedException {
        int p = 2;
        int orientation = 1;
        boolean jfif = false;
        int adobe = -1;
        long w = -1;
        long h = -1;
        int[] ids = null;
        while (true) {
            if (p >= b.length) {
                break;
            }
            if ((b[p] & 0xFF) != 0xFF) {
                throw corrupt("JPEG marker expected at offset " + p + ", found 0x" + Integer.toHexString(b[p] & 0xFF));
            }
            while (p < b.length && (b[p] & 0xFF) == 0xFF) {
                p++;
            }
            if (p >= b.length) {
                break;
            }
            int m = b[p++] & 0xFF;
            if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                continue;
            }
            if (m == 0xD9 || m == 0xDA) {
                break;
            }
            if (p + 2 > b.length) {
                break;
            }
            int len = be16(b, p);
            if (len < 2) {
                throw corrupt("JPEG segment 0x" + Integer.toHexString(m) + " has invalid length " + len);
            }
            int d = p + 2;
            int dl = Math.min(len - 2, b.length - d);
            if (m == 0xE0 && dl >= 5 && b[d] == 'J' && b[d + 1] == 'F' && b[d + 2] == 'I' && b[d + 3] == 'F'
                    && b[d + 4] == 0) {
                jfif = true;
            } else if (m == 0xE1 && orientation == 1 && dl >= 14 && b[d] == 'E' && b[d + 1] == 'x'
                    && b[d + 2] == 'i' && b[d + 3] == 'f' && b[d + 4] == 0 && b[d + 5] == 0) {
                orientation = ExifOrientation.fromTiff(b, d, dl);
            } else if (m == 0xEE && dl >= 12 && b[d] == 'A' && b[d + 1] == 'd' && b[d + 2] == 'o'
                    && b[d + 3] == 'b' && b[d + 4] == 'e') {
                adobe = b[d + 11] & 0xFF;
            } else if (isSof(m) && w < 0) {
                if (dl < 6) {
                    throw corrupt("JPEG SOF segment is truncated");
                }
                h = be16(b, d + 1);
                w = be16(b, d + 3);
                int nc = b[d + 5] & 0xFF;
                ids = new int[nc];
                for (int i = 0; i < nc && d + 6 + 3 * i < b.length; i++) {
                    ids[i] = b[d + 6 + 3 * i] & 0xFF;
                }
            }
            p += len;
        }
        if (w < 0) {
            throw corrupt("JPEG has no SOF (frame header) before the scan data");
        }
        if (w == 0 || h == 0) {
            throw corrupt("JPEG SOF declares invalid dimensions " + w + "x" + h + " (DNL height is not supported)");
        }
        return new ContainerInfo(new ImageHeader(MediaFormat.JPEG, (int) w, (int) h), orientation, ids.length, ids,
                jfif, adobe, 0);
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    private static MediaRejectedException corrupt(String msg) {
        return new MediaRejectedException(Reason.CORRUPT, msg);
    }

    static int be16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    static long be32(byte[] b, int p) {
        return ((long) be16(b, p) << 16) | be16(b, p + 2);
    }

    static int le16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static long le24(byte[] b, int p) {
        return le16(b, p) | (long) (b[p + 2] & 0xFF) << 16;
    }

    static long le32(byte[] b, int p) {
        return le16(b, p) | (long) le16(b, p + 2) << 16;
    }
}

package io.safetyplane.c2pa.asset;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code c2pa.hash.bmff} digest of a non-fragmented ISO BMFF file, as c2pa-rs computes it
 * ({@code bmff_io.rs bmff_to_jumbf_exclusions} + {@code hash_utils.rs hash_stream_by_alg}): the file minus the
 * boxes (or box subsets) the exclusions select; from assertion version 2 on, the 8-byte big-endian file offset of
 * every top-level box not wholly excluded is fed to the digest just before that box's first byte.
 */
public final class BmffHash {
    private BmffHash() {
    }

    /** c2pa-rs {@code set_default_exclusions}: the C2PA {@code uuid} box, {@code ftyp}, {@code mfra}, {@code free}, {@code skip}. */
    public static List<BmffExclusion> defaultExclusions() {
        BmffExclusion uuid = new BmffExclusion("/uuid", Optional.empty(),
                List.of(new BmffExclusion.DataMatch(8, Bmff.C2PA_UUID.clone())), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return List.of(uuid, BmffExclusion.of("/ftyp"), BmffExclusion.of("/mfra"), BmffExclusion.of("/free"),
                BmffExclusion.of("/skip"));
    }

    /**
     * The digest of {@code asset} under {@code exclusions} with {@code alg} ({@code sha256}, {@code sha384},
     * {@code sha512}) for assertion version {@code assertionVersion} (1: no offsets; 2 and 3: offsets).
     */
    public static byte[] hash(byte[] asset, List<BmffExclusion> exclusions, String alg, int assertionVersion)
            throws AssetException {
        if (assertionVersion < 1 || assertionVersion > 3) {
            throw Bin.unsupported("c2pa.hash.bmff version %d is not supported", assertionVersion);
        }
        MessageDigest digest = DataHash.digest(alg);
        if (asset.length == 0) {
            throw Bin.corrupt("MP4: the file is empty");
        }
        List<Bmff.Box> boxes = Bmff.tree(asset);
        for (Bmff.Box box : boxes) {
            if (box.type().equals("moof") && box.topLevel()) {
                throw Bin.unsupported("MP4: fragmented files ('moof' at offset %d) need Merkle hashes, not supported", box.start());
            }
        }
        List<Long> topLevel = new ArrayList<>();
        for (Bmff.Box box : boxes) {
            if (box.topLevel()) {
                topLevel.add((long) box.start());
            }
        }
        List<long[]> ranges = new ArrayList<>(); // {start, length}
        for (BmffExclusion exclusion : exclusions) {
            for (Bmff.Box box : boxes) {
                if (!box.path().equals(exclusion.xpath()) || !matches(asset, box, exclusion)) {
                    continue;
                }
                if (!exclusion.subset().isEmpty()) {
                    for (BmffExclusion.Subset subset : exclusion.subset()) {
                        if (subset.offset() > box.size()) {
                            continue;
                        }
                        long rest = box.size() - subset.offset();
                        long length = subset.length() == 0 ? rest : Math.min(subset.length(), rest);
                        ranges.add(new long[] {box.start() + subset.offset(), length});
                    }
                } else {
                    ranges.add(new long[] {box.start(), box.size()});
                    topLevel.remove((Long) (long) box.start()); // a wholly excluded top-level box gets no offset
                }
            }
        }
        List<Long> markers = new ArrayList<>();
        if (assertionVersion >= 2) {
            for (long offset : topLevel) {
                ranges.add(new long[] {offset, 1}); // c2pa-rs excludes the first byte and re-adds it behind the offset
                markers.add(offset);
            }
        }
        long[][] included = DataHash.included(asset.length, ranges);
        // offsets survive only where the byte after the box start is hashed (c2pa-rs keeps o where o + 1 is included)
        List<long[]> all = new ArrayList<>(Arrays.asList(included));
        for (long offset : markers) {
            if (contains(included, offset + 1)) {
                all.add(new long[] {offset, 1, 1});
            }
        }
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        byte[] be = new byte[8];
        for (long[] r : all) {
            if (r.length == 3) {
                Bin.put64be(be, 0, r[0]);
                digest.update(be);
            }
            digest.update(asset, (int) r[0], (int) r[1]);
        }
        return digest.digest();
    }

    private static boolean contains(long[][] included, long position) {
        int lo = 0;
        int hi = included.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] r = included[mid];
            if (position < r[0]) {
                hi = mid - 1;
            } else if (position >= r[0] + r[1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The length, version, flags and data conditions of an exclusion (c2pa-rs semantics: a box without version/flags passes those). */
    private static boolean matches(byte[] b, Bmff.Box box, BmffExclusion exclusion) throws AssetException {
        if (exclusion.length().isPresent() && exclusion.length().get() != box.size()) {
            return false;
        }
        if (exclusion.version().isPresent() && box.version() >= 0 && exclusion.version().get() != box.version()) {
            return false;
        }
        if (exclusion.flags().isPresent() && box.flags() >= 0) {
            byte[] f = exclusion.flags().get();
            int desired = f.length >= 3 ? ((f[0] & 0xff) << 16) | ((f[1] & 0xff) << 8) | (f[2] & 0xff) : 0;
            boolean exact = exclusion.exact().orElse(true);
            if (exact ? desired != box.flags() : (desired | box.flags()) != desired) {
                return false;
            }
        }
        for (BmffExclusion.DataMatch data : exclusion.data()) {
            long at = box.start() + data.offset();
            if (at + data.value().length > b.length) {
                throw Bin.corrupt("MP4: exclusion data at offset %d of box '%s' (offset %d) runs past the end of the file",
                        data.offset(), box.type(), box.start());
            }
            if (!Bin.equalsBytes(b, (int) at, data.value())) {
                return false;
            }
        }
        return true;
    }
}

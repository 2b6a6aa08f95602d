package io.safetyplane.hash.signal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.safetyplane.hash.index.PdqIndex;
import io.safetyplane.media.MediaRejectedException;
import io.safetyplane.pdq.Dihedral;
import io.safetyplane.pdq.PdqHash;
import io.safetyplane.pdq.PdqHasher;
import io.safetyplane.pdq.PdqResult;

/**
 * PDQ, Meta's 256-bit perceptual hash of photos. Media are probed with all eight dihedral hashes,
 * so rotated and flipped copies match; a hash computed elsewhere is probed as given.
 */
public final class PdqSignal implements SignalType {
    public static final String NAME = "pdq";
    private static final List<String> TRANSFORMS;

    static {
        List<String> labels = new ArrayList<>();
        for (Dihedral d : Dihedral.values()) {
            labels.add(d.label());
        }
        TRANSFORMS = List.copyOf(labels);
    }

    private final PdqHasher hasher = new PdqHasher();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String canonical(String value) throws InvalidHashException {
        return Hex.canonical(NAME, value, 64);
    }

    @Override
    public List<String> warnings(String canonical) {
        int bits = PdqHash.fromHex(canonical).bitCount();
        return bits == 128 ? List.of() : List.of("PDQ hash has " + bits + " bits set; PDQ sets exactly 128");
    }

    @Override
    public Optional<QuerySignal> compute(Content content) throws MediaRejectedException {
        // decodes only the pixels the reference's 512x512 nearest-neighbour cut keeps
        PdqResult result = hasher.hash(content.bytes(), content.decoder());
        List<String> probes = new ArrayList<>(8);
        for (PdqHash h : result.dihedrals()) {
            probes.add(h.toHex());
        }
        return Optional.of(new QuerySignal(NAME, result.hash().toHex(), result.quality(), probes, TRANSFORMS));
    }

    @Override
    public QuerySignal query(String canonical, Integer quality) {
        return new QuerySignal(NAME, canonical, quality, List.of(canonical), List.of(TRANSFORMS.get(0)));
    }

    @Override
    public SignalIndex index(String[] hashes, int count, int maxDistance) {
        long[] words = new long[count * 4];
        for (int i = 0; i < count; i++) {
            PdqHash h = PdqHash.fromHex(hashes[i]);
            for (int w = 0; w < 4; w++) {
                words[i * 4 + w] = h.word(w);
            }
        }
        return new Index(PdqIndex.build(words, count, maxDistance));
    }

    private record Index(PdqIndex index) implements SignalIndex {
        @Override
        public int size() {
            return index.size();
        }

        @Override
        public long memoryBytes() {
            return index.memoryBytes();
        }

        @Override
        public void search(QuerySignal query, int maxDistance, Hits hits) {
            int probes = query.probes().size();
            if (probes == 1) {
                PdqHash h = PdqHash.fromHex(query.probes().get(0));
                index.search(h.word(0), h.word(1), h.word(2), h.word(3), maxDistance, (id, d) -> hits.hit(id, d, 0));
                return;
            }
            // several probes may reach one entry: keep the closest
            Map<Integer, long[]> best = new HashMap<>();
            for (int p = 0; p < probes; p++) {
                PdqHash h = PdqHash.fromHex(query.probes().get(p));
                int probe = p;
                index.search(h.word(0), h.word(1), h.word(2), h.word(3), maxDistance, (id, d) -> {
                    long[] b = best.get(id);
                    if (b == null) {
                        best.put(id, new long[] {d, probe});
                    } else if (d < b[0]) {
                        b[0] = d;
                        b[1] = probe;
                    }
                });
            }
            best.forEach((id, b) -> hits.hit(id, (int) b[0], (int) b[1]));
        }
    }
}

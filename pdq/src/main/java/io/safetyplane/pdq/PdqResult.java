package io.safetyplane.pdq;

import java.util.List;
import java.util.Objects;

/**
 * A PDQ hash with its quality (0..100; the reference recommends discarding quality below 50) and the eight
 * dihedral hashes in {@link Dihedral} order, {@code dihedrals.get(0) == hash}.
 */
public record PdqResult(PdqHash hash, int quality, List<PdqHash> dihedrals) {
    public PdqResult {
        Objects.requireNonNull(hash, "hash");
        dihedrals = List.copyOf(dihedrals);
        if (dihedrals.size() != 8) {
            throw new IllegalArgumentException("expected 8 dihedral hashes, got " + dihedrals.size());
        }
        if (!dihedrals.get(0).equals(hash)) {
            throw new IllegalArgumentException("dihedrals.get(0) must equal hash");
        }
    }

    /** The hash for one of the eight orientations. */
    public PdqHash dihedral(Dihedral d) {
        return dihedrals.get(d.ordinal());
    }
}

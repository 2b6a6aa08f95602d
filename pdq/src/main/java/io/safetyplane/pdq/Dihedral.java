package io.safetyplane.pdq;

/**
 * The eight rotations/flips whose hashes the reference computes in the DCT domain
 * ({@code pdqDihedralHash256esFromFloatLuma} in {@code pdq/cpp/hashing/pdqhashing.cpp}), in the reference's order,
 * which is also the column order of {@code expected-dihedral.csv}.
 */
public enum Dihedral {
    ORIGINAL("original"),
    ROT90("rot90"),
    ROT180("rot180"),
    ROT270("rot270"),
    FLIPX("flipx"),
    FLIPY("flipy"),
    FLIP_PLUS1("flipplus1"),
    FLIP_MINUS1("flipminus1");

    private final String label;

    Dihedral(String label) {
        this.label = label;
    }

    /** The reference's label, e.g. {@code "flipplus1"}. */
    public String label() {
        return label;
    }
}

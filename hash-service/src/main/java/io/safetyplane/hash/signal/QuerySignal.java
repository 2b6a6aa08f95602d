package io.safetyplane.hash.signal;

import java.util.List;

/**
 * A hash to look up. {@code probes} are the values actually searched: for PDQ computed from
 * media, the eight dihedral hashes (labelled by {@code transforms}); otherwise just the value.
 * {@code quality} is null when the signal has none or the caller did not say.
 */
public record QuerySignal(String type, String value, Integer quality, List<String> probes, List<String> transforms) {
    public QuerySignal {
        probes = List.copyOf(probes);
        transforms = List.copyOf(transforms);
        if (probes.size() != transforms.size() || probes.isEmpty()) {
            throw new IllegalArgumentException("one transform label per probe, at least one probe");
        }
    }

    public static QuerySignal exact(String type, String value) {
        return new QuerySignal(type, value, null, List.of(value), List.of("original"));
    }
}

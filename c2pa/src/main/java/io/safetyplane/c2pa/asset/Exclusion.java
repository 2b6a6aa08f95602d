package io.safetyplane.c2pa.asset;

/** A byte range of the asset left out of the {@code c2pa.hash.data} hash: where the manifest store lies. */
public record Exclusion(long start, long length) {
}

package io.safetyplane.filter.text;

/**
 * The views of one prompt. {@code skeleton}, {@code joined} and {@code collapsed} are null when
 * they would equal the view they derive from.
 */
public record Views(View text, View skeleton, View leet, View joined, View collapsed, View concat) {
}

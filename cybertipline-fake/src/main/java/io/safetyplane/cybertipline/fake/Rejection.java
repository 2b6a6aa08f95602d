package io.safetyplane.cybertipline.fake;

/** A call the fake answered with a non-zero code by itself (not an injected fault), and why. */
public record Rejection(Endpoint endpoint, int code, String detail) {
}

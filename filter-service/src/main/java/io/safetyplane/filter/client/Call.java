package io.safetyplane.filter.client;

import io.safetyplane.service.Failure;

/**
 * How one check of the gate at a downstream service ended: its answer, or why there is none. A call never fails
 * as a {@code Uni}; the gate decides what a missing answer means.
 *
 * @param value the answer; null unless the check was done
 * @param unavailable why the check could not be done (down, deadline exceeded, overloaded); null otherwise
 * @param refused the downstream's refusal of the request itself (the request's fault); null otherwise
 */
public record Call<T>(T value, String unavailable, Failure refused) {

    public static <T> Call<T> done(T value) {
        return new Call<>(value, null, null);
    }

    public static <T> Call<T> unavailable(String why) {
        return new Call<>(null, why, null);
    }

    public static <T> Call<T> refused(Failure f) {
        return new Call<>(null, null, f);
    }

    public boolean isDone() {
        return value != null;
    }
}

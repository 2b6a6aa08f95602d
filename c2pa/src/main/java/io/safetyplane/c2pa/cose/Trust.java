package io.safetyplane.c2pa.cose;

import java.util.Objects;

/** The outcome of {@link TrustAnchors#check}: a verdict and why. */
public record Trust(Status status, String reason) {
    public enum Status {
        /** The chain leads to a configured trust anchor and validates (PKIX, no revocation) at the given time. */
        TRUSTED,
        /** The chain is intact but leads to no configured anchor. */
        UNTRUSTED,
        /** The chain itself is broken: a wrong issuer, a bad signature, or a PKIX failure on the way to an anchor. */
        INVALID
    }

    public Trust {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean trusted() {
        return status == Status.TRUSTED;
    }

    static Trust trusted(String reason) {
        return new Trust(Status.TRUSTED, reason);
    }

    static Trust untrusted(String reason) {
        return new Trust(Status.UNTRUSTED, reason);
    }

    static Trust invalid(String reason) {
        return new Trust(Status.INVALID, reason);
    }
}

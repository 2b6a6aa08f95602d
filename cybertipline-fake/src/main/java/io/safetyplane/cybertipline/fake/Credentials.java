package io.safetyplane.cybertipline.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/** The HTTP Basic username and password the fake accepts, as NCMEC issues them to a registered ESP. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("the username must be non-empty and free of ':'");
        }
    }

    /** The value of an {@code Authorization} header that carries these credentials. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code authorization} is a Basic header with exactly these credentials; compared in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] given = authorization.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, basicAuthorization().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}

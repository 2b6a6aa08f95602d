package io.safetyplane.cybertipline;

import java.net.URI;
import java.time.Duration;

/**
 * Where and as whom the client reports. Test and production credentials are separate, and NCMEC discards what the
 * test host receives. {@link #toString()} never shows the password.
 *
 * @param baseUrl {@link #TEST} or {@link #PRODUCTION} (or a fake server in tests), without a trailing slash
 * @param username HTTP Basic user name issued by NCMEC
 * @param password HTTP Basic password issued by NCMEC
 * @param callTimeout the most one call may take, response included
 * @param connectTimeout the most a connection may take to open
 */
public record TiplineConfig(URI baseUrl, String username, String password, Duration callTimeout, Duration connectTimeout) {
    public static final URI TEST = URI.create("https://exttest.cybertip.org/ispws");
    public static final URI PRODUCTION = URI.create("https://report.cybertip.org/ispws");

    public TiplineConfig {
        Require.present(baseUrl, "baseUrl");
        if (!baseUrl.isAbsolute() || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, got " + baseUrl);
        }
        String s = baseUrl.toString();
        if (s.endsWith("/")) {
            baseUrl = URI.create(s.substring(0, s.length() - 1));
        }
        Require.text(username, "username");
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("username must not contain ':' (HTTP Basic)");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password is required");
        }
        positive(callTimeout, "callTimeout");
        positive(connectTimeout, "connectTimeout");
    }

    private static void positive(Duration d, String name) {
        Require.present(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    @Override
    public String toString() {
        return "TiplineConfig[baseUrl=" + baseUrl + ", username=" + username + ", password=(redacted), callTimeout=" + callTimeout
                + ", connectTimeout=" + connectTimeout + "]";
    }
}

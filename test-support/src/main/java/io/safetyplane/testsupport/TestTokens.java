package io.safetyplane.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Signs JWTs for tests with the key pair under {@code test-jwt/} on the classpath. Services under
 * test verify them with {@code mp.jwt.verify.publickey.location=test-jwt/public-key.pem} and
 * {@code mp.jwt.verify.issuer=} {@value #ISSUER}. The key pair is for tests only.
 */
public final class TestTokens {
    public static final String ISSUER = "https://safety-plane.test/issuer";
    private static final PrivateKey KEY = loadKey();

    private TestTokens() {
    }

    /** A bearer token for {@code subject} holding {@code roles}, valid for ten minutes. */
    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .upn(subject)
                .groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(10))
                .sign(KEY);
    }

    /**
     * A bearer token for {@code subject} holding {@code roles} and further claims, for example the {@code tenant_id}
     * of a tenant's token, valid for ten minutes.
     */
    public static String token(String subject, Map<String, String> claims, String... roles) {
        JwtClaimsBuilder jwt = Jwt.issuer(ISSUER).upn(subject).groups(Set.of(roles)).expiresIn(Duration.ofMinutes(10));
        claims.forEach(jwt::claim);
        return jwt.sign(KEY);
    }

    /** A token signed with the right key but already expired. */
    public static String expiredToken(String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER)
                .upn(subject)
                .groups(Set.of(roles))
                .issuedAt(now - 3600)
                .expiresAt(now - 1800)
                .sign(KEY);
    }

    private static PrivateKey loadKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/test-jwt/private-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test-jwt/private-key.pem is not a PKCS#8 RSA key", e);
        }
    }
}

package io.safetyplane.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * The run's own JWT issuer: an RSA key pair drawn at start, whose public key the services verify with
 * ({@code SAFETYPLANE_JWT_PUBLIC_KEY=file:...}, as {@code bin/safety-plane} passes it), and tokens with the claims of
 * {@code bin/safety-plane token}: {@code iss}, {@code sub}, {@code upn}, {@code groups}, and further claims such as
 * {@code tenant_id} and {@code account_id}.
 */
final class StaffTokens {
    static final String ISSUER = "https://safety-plane.system-tests/issuer";

    private final KeyPair keys;
    final Path publicKeyPem;

    private StaffTokens(KeyPair keys, Path publicKeyPem) {
        this.keys = keys;
        this.publicKeyPem = publicKeyPem;
    }

    /** Draws a key pair and writes its public key as PEM into {@code dir}. */
    static StaffTokens create(Path dir) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = dir.resolve("jwt-public-key.pem");
        Files.createDirectories(dir);
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        return new StaffTokens(keys, pem);
    }

    /** A token of {@code subject} holding {@code roles}, valid for an hour. */
    String token(String subject, String... roles) {
        return token(subject, Map.of(), roles);
    }

    /** A token of {@code subject} holding {@code roles} and the claims {@code claims}, valid for an hour. */
    String token(String subject, Map<String, String> claims, String... roles) {
        JwtClaimsBuilder jwt = Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(roles)).expiresIn(Duration.ofHours(1));
        claims.forEach(jwt::claim);
        return jwt.sign(keys.getPrivate());
    }
}

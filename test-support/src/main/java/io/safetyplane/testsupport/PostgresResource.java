package io.safetyplane.testsupport;

import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service under test at the real PostgreSQL that {@code bin/test} (and so {@code .ci/run})
 * starts on loopback: {@code SAFETYPLANE_PG_URL}, by default {@value #DEFAULT_URL}, database and
 * user {@code app}. Register with {@code @QuarkusTestResource(value = PostgresResource.class,
 * restrictToAnnotatedClass = false)}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT_URL = "postgresql://127.0.0.1:55432/app";

    @Override
    public Map<String, String> start() {
        String url = url();
        URI uri = URI.create(url);
        return Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                "quarkus.datasource.username", "app",
                "quarkus.datasource.password", "app");
    }

    public static String url() {
        String url = System.getenv("SAFETYPLANE_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    @Override
    public void stop() {
        // the cluster belongs to bin/test, which stops it
    }
}

package io.safetyplane.service.rest;

import java.util.Locale;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A REST body whose declared length is over {@code quarkus.http.limits.max-body-size} is refused
 * with a {@code 413 request-too-large} problem before it is read, rather than with the HTTP
 * server's bare 413. (A chunked body without a length still meets the server's own limit.)
 */
@ApplicationScoped
public class BodyLimit {
    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            String type = rc.request().getHeader("Content-Type");
            if (length != null && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/grpc"))) {
                long bytes;
                try {
                    bytes = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    bytes = -1;
                }
                if (bytes > limit) {
                    JsonObject problem = new JsonObject()
                            .put("type", Problems.TYPE_PREFIX + "request-too-large")
                            .put("title", "Request too large")
                            .put("status", 413)
                            .put("detail", "the body has " + bytes + " bytes; the limit is " + limit);
                    rc.response().setStatusCode(413).putHeader("Content-Type", Problems.MEDIA_TYPE)
                            .putHeader("Connection", "close").end(problem.encode());
                    return;
                }
            }
            rc.next();
        });
    }
}

package io.safetyplane.service.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Custom methods use a colon in the path ({@code /v1/hashes:match}, {@code /v1/prompts:check}, as in
 * Google's AIP-136). Some clients percent-encode it; both spellings reach the same resource.
 */
@ApplicationScoped
public class CustomMethodPaths {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String path = rc.request().path();
            if (path != null && path.startsWith("/v1/") && (path.contains("%3A") || path.contains("%3a"))) {
                String query = rc.request().query();
                rc.reroute(path.replace("%3A", ":").replace("%3a", ":") + (query == null ? "" : "?" + query));
            } else {
                rc.next();
            }
        });
    }
}

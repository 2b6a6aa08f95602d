package io.safetyplane.enforcement.report;

import java.time.Clock;

import io.quarkus.scheduler.Scheduled;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.service.rest.Problems;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Guards the public abuse-report form before its body is read: a token bucket per client address (429 with
 * Retry-After), and the declared body size (413; a body without a declared length is refused with 411). The client
 * address is the connection's, or the forwarded one where {@code quarkus.http.proxy.*} trusts the proxy.
 */
@ApplicationScoped
public class AbuseReportGate {
    public static final String PATH = "/v1/abuse-reports";

    private final TokenBuckets buckets;
    private final long maxBody;

    public AbuseReportGate(EnforcementConfig config, Clock clock) {
        EnforcementConfig.AbuseReports c = config.abuseReports();
        this.buckets = new TokenBuckets(c.burst(), c.ratePerMinute(), clock);
        this.maxBody = c.maxBodySize().asLongValue();
    }

    /** The address a request came from. */
    public static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    void install(@Observes Router router) {
        router.post(PATH).order(Integer.MIN_VALUE + 2).handler(this::guard);
    }

    private void guard(RoutingContext rc) {
        long wait = buckets.take(clientAddress(rc.request()));
        if (wait > 0) {
            rc.response().putHeader("Retry-After", String.valueOf(wait));
            refuse(rc, 429, "too-many-reports", "Too many reports", "this address filed too many reports; try again in " + wait + " s");
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length == null) {
            refuse(rc, 411, "length-required", "Length required", "the report must declare its Content-Length");
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(rc, 400, "bad-request", "Bad request", "Content-Length is not a number");
            return;
        }
        if (bytes > maxBody) {
            refuse(rc, 413, "request-too-large", "Request too large", "the body has " + bytes + " bytes; the limit is " + maxBody);
            return;
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, String slug, String title, String detail) {
        JsonObject problem = new JsonObject().put("type", Problems.TYPE_PREFIX + slug).put("title", title).put("status", status)
                .put("detail", detail);
        rc.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE).putHeader("Connection", "close")
                .end(problem.encode());
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictFullBuckets() {
        buckets.evictFull();
    }
}

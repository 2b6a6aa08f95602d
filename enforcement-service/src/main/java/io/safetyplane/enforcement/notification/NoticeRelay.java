package io.safetyplane.enforcement.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;
import io.safetyplane.enforcement.model.TenantEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends due notices to their tenants' webhooks, signed per Standard Webhooks ({@link WebhookSignature}). A 2xx answer
 * delivers a notice; any other answer, an error or a timeout counts as a failed attempt, tried again after an
 * exponential back-off up to a cap, never dropped. The rows of a run are locked ({@code for update skip locked})
 * while their notices are sent, so replicas never send the same notice at once. A notice sent but not recorded (a
 * crash in between) is sent again with the same {@code webhook-id}, for the tenant to dedupe. Notices of a tenant
 * without a webhook wait until one is set.
 */
@ApplicationScoped
public class NoticeRelay {
    private static final Logger LOG = Logger.getLogger(NoticeRelay.class);
    private static final int MAX_ERROR = 500;

    /** Due deliveries of tenants with a webhook, oldest first; rows another replica holds are skipped. */
    private static final String DUE = "select d.* from notice_deliveries d join tenants t on t.id = d.tenant_id "
            + "where d.delivered_at is null and d.next_attempt_at <= :now and t.webhook_url is not null and t.webhook_secret is not null "
            + "order by d.next_attempt_at limit :limit for update of d skip locked";

    /** The webhook's body. */
    public record WebhookEvent(String type, Instant timestamp, NoticeView data) {
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final EnforcementConfig.Notices config;
    private final Counter delivered;
    private final Counter failed;
    private final AtomicLong waiting = new AtomicLong();

    public NoticeRelay(Vertx vertx, ObjectMapper json, Clock clock, EnforcementConfig config, MeterRegistry meters) {
        this.config = config.notices();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.deliveryTimeout().toMillis()));
        this.json = json;
        this.clock = clock;
        this.delivered = Counter.builder("enforcement_notices_delivered").description("Notices delivered to tenants' webhooks")
                .register(meters);
        this.failed = Counter.builder("enforcement_notice_delivery_failures")
                .description("Failed attempts to deliver a notice (retried later)").register(meters);
        Gauge.builder("enforcement_notices_waiting", waiting, AtomicLong::get)
                .description("Notices not yet delivered (as of the last relay run)").register(meters);
    }

    void close(@Observes ShutdownEvent event) {
        http.closeAndForget();
    }

    @Scheduled(every = "${enforcement-service.notices.relay-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relay() {
        return Panache.withTransaction(() -> due().flatMap(this::send))
                .flatMap(x -> Panache.withSession(() -> NoticeDeliveryEntity.count("deliveredAt is null")))
                .invoke(waiting::set)
                .onFailure().invoke(e -> LOG.warnf("notice relay paused: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<List<NoticeDeliveryEntity>> due() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(DUE, NoticeDeliveryEntity.class)
                .setParameter("now", clock.instant()).setParameter("limit", config.batchSize()).getResultList());
    }

    private Uni<Void> send(List<NoticeDeliveryEntity> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = due.stream().map(d -> d.noticeId).toList();
        List<String> tenantIds = due.stream().map(d -> d.tenantId).distinct().toList();
        return NoticeEntity.<NoticeEntity>list("id in ?1", ids).flatMap(notices -> TenantEntity.<TenantEntity>list("id in ?1", tenantIds)
                .flatMap(tenants -> {
                    Map<UUID, NoticeEntity> byId = notices.stream().collect(Collectors.toMap(n -> n.id, Function.identity()));
                    Map<String, TenantEntity> byTenant = tenants.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
                    return Uni.join().all(due.stream().map(d -> attempt(d, byTenant.get(d.tenantId), byId.get(d.noticeId))).toList())
                            .andFailFast().replaceWithVoid();
                }));
    }

    /** One attempt: its outcome is recorded on the delivery, and the attempt itself never fails. */
    private Uni<Void> attempt(NoticeDeliveryEntity d, TenantEntity tenant, NoticeEntity notice) {
        Instant now = clock.instant();
        return post(tenant, notice, now).map(status -> status / 100 == 2 ? null : "HTTP " + status)
                .onFailure().recoverWithItem(e -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .invoke(error -> {
                    d.attempts++;
                    if (error == null) {
                        d.deliveredAt = clock.instant();
                        d.lastError = null;
                        delivered.increment();
                    } else {
                        d.lastError = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
                        d.nextAttemptAt = now.plus(backoff(d.attempts));
                        failed.increment();
                        LOG.infof("notice %s not delivered to tenant %s (attempt %d): %s", d.noticeId, d.tenantId, d.attempts, d.lastError);
                    }
                }).replaceWithVoid();
    }

    private Uni<Integer> post(TenantEntity tenant, NoticeEntity notice, Instant now) {
        String body;
        try {
            body = json.writeValueAsString(new WebhookEvent("notice." + notice.kind, notice.createdAt, NoticeView.of(notice, null)));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String id = notice.id.toString();
        long timestamp = now.getEpochSecond();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(tenant.webhookUrl)
                .setIdleTimeout(config.deliveryTimeout().toMillis()).setFollowRedirects(false)
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(tenant.webhookSecret, id, timestamp, body));
        return http.request(request).flatMap(r -> r.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(ignored -> response.statusCode()))
                .ifNoItem().after(config.deliveryTimeout()).fail();
    }

    /** The wait after the n-th failed attempt: the initial wait, doubled each time, up to the cap. */
    Duration backoff(int attempts) {
        Duration wait = config.retryInitial().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }
}

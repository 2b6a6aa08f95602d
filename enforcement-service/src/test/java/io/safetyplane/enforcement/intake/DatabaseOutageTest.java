package io.safetyplane.enforcement.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.EvidenceGrpc;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.KafkaEvents;

/**
 * PostgreSQL goes away while violations arrive: nothing is applied meanwhile, and everything exactly once after; evidence
 * handed over meanwhile is refused as UNAVAILABLE (the caller retries), and the retry afterwards stores it once.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class DatabaseOutageTest {
    @TestHTTPResource
    URL url;

    /** The service reaches PostgreSQL through {@link PostgresProxy}. */
    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            PostgresProxy proxy = PostgresProxy.instance();
            return Map.of("quarkus.datasource.reactive.url", proxy.url(), "quarkus.datasource.jdbc.url", proxy.jdbcUrl());
        }
    }

    @Test
    void consumptionPausesWhileTheDatabaseIsAwayAndEveryViolationIsAppliedOnceAfter() throws Exception {
        String account = "outage-" + UUID.randomUUID();
        List<String> others = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, violation(account));
            KafkaEvents.await("the first violation applied", () -> sanctions(account) == 1);

            PostgresProxy.instance().cut();
            try {
                // the account's second and third violations, and 20 accounts' first, while PostgreSQL is away
                send(producer, violation(account));
                send(producer, violation(account));
                for (int i = 0; i < 20; i++) {
                    others.add("outage-" + UUID.randomUUID());
                    send(producer, violation(others.get(i)));
                }
                KafkaEvents.await("the intake to fail on the database", () -> io.restassured.RestAssured.given().get("/q/health/ready")
                        .then().extract().statusCode() == 503);
                assertEquals(1, processed(account, others), "nothing is applied while PostgreSQL is away");
            } finally {
                PostgresProxy.instance().restore();
            }
            KafkaEvents.await("every violation applied", () -> processed(account, others) == 23);
        }
        // warn, suspend 24h, suspend 7d: each violation climbed the ladder once
        assertEquals(List.of("warn", "suspend", "suspend"), actions(account));
        for (String other : others) {
            assertEquals(List.of("warn"), actions(other), other);
        }
    }

    @Test
    void evidenceIsRefusedAsUnavailableWhileTheDatabaseIsAwayAndTheRetryAfterStoresItOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] bytes = ("evidence bytes of " + run).getBytes(StandardCharsets.UTF_8);
        PreserveRequest request = PreserveRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("r-" + run).setTenantId("self-serve").setAccountId("outage-" + run))
                .setData(ByteString.copyFrom(bytes)).setContentType("application/octet-stream").setStage(ContentStage.CONTENT_STAGE_UPLOAD)
                .setViolationEventId("v-" + run).setCategory("csam").build();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        try {
            EvidenceGrpc.EvidenceBlockingStub evidence = EvidenceGrpc.newBlockingStub(channel);
            PostgresProxy.instance().cut();
            try {
                // the gate's caller retries an UNAVAILABLE; an INTERNAL would read as a bug, a hang as an outage of this service
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> evidence.withDeadlineAfter(60, TimeUnit.SECONDS).preserve(request));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            } finally {
                PostgresProxy.instance().restore();
            }
            AtomicReference<String> id = new AtomicReference<>();
            KafkaEvents.await("the retry preserved once the database is back", () -> {
                try {
                    id.set(evidence.withDeadlineAfter(30, TimeUnit.SECONDS).preserve(request).getEvidenceId());
                    return true;
                } catch (StatusRuntimeException e) {
                    return false;
                }
            });
            assertEquals(id.get(), evidence.preserve(request).getEvidenceId(), "a further retry finds the same evidence");
            assertEquals(1, Rows.count("select count(*) from evidence where violation_event_id = ?", "v-" + run));
        } finally {
            channel.shutdownNow();
        }
    }

    private static Violation violation(String account) {
        return Violation.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setRequestId("r-" + UUID.randomUUID()).setTenantId("self-serve").setAccountId(account))
                .setOccurredAtMillis(Instant.now().toEpochMilli()).setDetector("classifier-service").setCategory("violence")
                .setSeverity(Severity.SEVERITY_HIGH).setAction(Action.ACTION_BLOCK).setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Violation v) throws Exception {
        producer.send(new ProducerRecord<>(Topics.VIOLATIONS, "self-serve/" + v.getContext().getAccountId(), v.toByteArray()))
                .get(10, TimeUnit.SECONDS);
    }

    private static long sanctions(String account) {
        return Rows.count("select count(*) from sanctions where account_id = ?", account);
    }

    /** Violations of these accounts recorded as processed (a processed event without its violation would not count). */
    private static long processed(String account, List<String> others) {
        List<String> accounts = new ArrayList<>(others);
        accounts.add(account);
        return Rows.count("select count(*) from processed_events p join violations v on v.event_id = p.event_id where v.account_id = any(?)",
                (Object) accounts.toArray(String[]::new));
    }

    private static List<String> actions(String account) {
        return Rows.strings("select action from sanctions where account_id = ? order by created_at", account);
    }
}

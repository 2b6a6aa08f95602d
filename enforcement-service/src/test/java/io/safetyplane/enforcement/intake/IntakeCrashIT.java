package io.safetyplane.enforcement.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.LadderPolicy;
import io.safetyplane.enforcement.ladder.Sanction;
import io.safetyplane.enforcement.ladder.Strike;
import io.safetyplane.enforcement.ladder.ViolationFacts;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.PostgresResource;

/**
 * The packaged service is killed ({@code kill -9}) while it applies a backlog of violations and started again: every
 * violation is applied exactly once, and each account's sanctions are those of one application of each, in order.
 */
class IntakeCrashIT {
    private static final int ACCOUNTS = 150;
    private static final int PER_ACCOUNT = 4;
    private static final int EVENTS = ACCOUNTS * PER_ACCOUNT;

    private static Process service;

    @Test
    void aServiceKilledMidBatchLosesNothingAndAppliesNothingTwice() throws Exception {
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, List<Violation>> byAccount = new LinkedHashMap<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            byAccount.put(run + a, new ArrayList<>());
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PER_ACCOUNT; i++) {
                for (String account : byAccount.keySet()) {
                    Violation v = violation(account);
                    byAccount.get(account).add(v);
                    producer.send(new ProducerRecord<>(Topics.VIOLATIONS, "self-serve/" + account, v.toByteArray()));
                }
            }
        }
        service = start();
        await("the intake under way", () -> applied(run) > 0);
        service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long atKill = applied(run);
        assertTrue(atKill < EVENTS, "killed before the backlog was applied: " + atKill);

        service = start();
        await("every violation applied after the restart", () -> applied(run) == EVENTS);
        assertEquals(EVENTS, Rows.count("select count(*) from violations where account_id like ?", run + "%"));

        // what one application of each violation, in order, gives
        Ladder ladder = new Ladder(LadderPolicy.defaults());
        for (Map.Entry<String, List<Violation>> e : byAccount.entrySet()) {
            List<String> expected = new ArrayList<>();
            List<Strike> strikes = new ArrayList<>();
            for (Violation v : e.getValue()) {
                Instant at = Instant.ofEpochMilli(v.getOccurredAtMillis());
                if (ladder.decide(ViolationFacts.of(v), strikes, at) instanceof Sanction s) {
                    expected.add(s.action().id() + " " + v.getEventId());
                    strikes.add(s.strike());
                }
            }
            assertEquals(expected, Rows.strings("select action || ' ' || violation_event_id from sanctions where account_id = ? "
                    + "order by (select array_position(?, violation_event_id))", e.getKey(),
                    e.getValue().stream().map(Violation::getEventId).toArray(String[]::new)), e.getKey());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long applied(String run) {
        return Rows.count("select count(*) from processed_events p join violations v on v.event_id = p.event_id where v.account_id like ?",
                run + "%");
    }

    private static Violation violation(String account) {
        return Violation.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setRequestId("r-" + UUID.randomUUID()).setTenantId("self-serve").setAccountId(account))
                .setOccurredAtMillis(Instant.now().toEpochMilli()).setDetector("classifier-service").setCategory("violence")
                .setSeverity(Severity.SEVERITY_HIGH).setAction(Action.ACTION_BLOCK).setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();
    }

    /** The packaged service against the test broker and PostgreSQL, its output in target/intake-crash-it.log. */
    private static Process start() throws Exception {
        Path key = Files.createTempFile("jwt", ".pem");
        try (InputStream in = IntakeCrashIT.class.getClassLoader().getResourceAsStream("test-jwt/public-key.pem")) {
            Files.copy(in, key, StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, String> env = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", "0", "KAFKA_BOOTSTRAP_SERVERS", KafkaBrokerResource.bootstrapServers(),
                "PG_URL", PostgresResource.url(), "PG_JDBC_URL", Rows.jdbcUrl(), "SAFETYPLANE_JWT_PUBLIC_KEY", "file:" + key,
                "SAFETYPLANE_OTEL_DISABLED", "true", "SAFETYPLANE_JSON_LOGS", "false",
                // the evidence vault's key-encryption key, for this test only (not a secret)
                "ENFORCEMENT_SERVICE_EVIDENCE_KEK_ACTIVE", "crashit", "ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_CRASHIT", "12d9cpTLlZLwuSClK4V67xm/Jw12zoXp5sFrWTa0iHw=",
                // small batches, so that the backlog takes many transactions and the kill lands between two of them
                "MP_MESSAGING_INCOMING_VIOLATIONS_MAX_POLL_RECORDS", "20"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/intake-crash-it.log")));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(service.isAlive(), "the service exited; see target/intake-crash-it.log");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}

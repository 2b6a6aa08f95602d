package io.safetyplane.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.AccountsGrpc;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.enforcement.v1.Standing;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Severity;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.KafkaEvents;

/** Violations from Kafka become sanctions once each, and the gates see the standing over gRPC. */
@QuarkusTest
class ViolationIntakeTest {
    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private AccountsGrpc.AccountsBlockingStub accounts;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        accounts = AccountsGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static Violation violation(String tenant, String account, String endUser, String category, Severity severity, Action action) {
        return Violation.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setRequestId("r-" + UUID.randomUUID()).setTenantId(tenant).setAccountId(account)
                        .setEndUserId(endUser))
                .setOccurredAtMillis(Instant.now().toEpochMilli()).setDetector("classifier-service").setCategory(category)
                .setSeverity(severity).setAction(action).setStage(ContentStage.CONTENT_STAGE_UPLOAD).build();
    }

    static void send(Violation v) throws Exception {
        producer().send(new ProducerRecord<>(Topics.VIOLATIONS, v.getContext().getTenantId() + "/" + v.getContext().getAccountId(),
                v.toByteArray())).get(10, TimeUnit.SECONDS);
    }

    static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    Standing standing(String tenant, String account, String endUser) {
        return accounts.getStanding(GetStandingRequest.newBuilder().setTenantId(tenant).setAccountId(account).setEndUserId(endUser).build());
    }

    void awaitState(String what, String tenant, String account, String endUser, StandingState state) throws InterruptedException {
        KafkaEvents.await(what, () -> standing(tenant, account, endUser).getState() == state);
    }

    @Test
    void aSexualUploadClimbsTheLadderOnceForEachViolation() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Violation first = violation("self-serve", account, "", "sexual", Severity.SEVERITY_MEDIUM, Action.ACTION_BLOCK);
        send(first);
        awaitState("a warning", "self-serve", account, "", StandingState.STANDING_STATE_WARNED);
        send(first); // redelivered: applied once
        Violation second = violation("self-serve", account, "", "sexual", Severity.SEVERITY_MEDIUM, Action.ACTION_BLOCK);
        send(second);
        awaitState("a suspension", "self-serve", account, "", StandingState.STANDING_STATE_SUSPENDED);
        Standing s = standing("self-serve", account, "");
        assertEquals(2, s.getSanctionIdsCount(), "the redelivered violation was applied once: " + s);
        long hours = Duration.ofMillis(s.getUntilMillis() - System.currentTimeMillis()).toHours();
        assertTrue(hours >= 23 && hours <= 24, "a 24 h suspension, ends in " + hours + " h");
        // both sanctions are in the audit log, whose hash chain holds; only auditors read it
        io.restassured.RestAssured.given().get("/v1/audit-log").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(io.safetyplane.testsupport.TestTokens.token("reviewer-1", "reviewer"))
                .get("/v1/audit-log").then().statusCode(403);
        String auditor = io.safetyplane.testsupport.TestTokens.token("auditor-1", "auditor");
        java.util.List<String> violations = io.restassured.RestAssured.given().auth().oauth2(auditor).queryParam("limit", 1000)
                .get("/v1/audit-log").then().statusCode(200).extract().jsonPath().getList("details.violation");
        assertTrue(violations.contains(first.getEventId()) && violations.contains(second.getEventId()), violations.toString());
        assertEquals(1, java.util.Collections.frequency(violations, first.getEventId()), "the redelivery left no second entry");
        io.restassured.RestAssured.given().auth().oauth2(auditor).get("/v1/audit-log/verification").then().statusCode(200)
                .body("intact", org.hamcrest.Matchers.is(true));
        // each sanction is announced once on enforcement.actions.v1, relayed from the outbox after its transaction
        var records = KafkaEvents.records(Topics.ENFORCEMENT_ACTIONS, 2, r -> ("self-serve/" + account).equals(r.key()));
        java.util.List<io.safetyplane.contracts.enforcement.v1.AccountAction> announced = new java.util.ArrayList<>();
        for (var r : records) {
            announced.add(io.safetyplane.contracts.enforcement.v1.AccountAction.parseFrom(r.value()));
            assertEquals("io.safetyplane.enforcement.action.v1", KafkaEvents.header(r, "ce_type"));
        }
        assertEquals(java.util.List.of("warn", "suspend"), announced.stream().map(a -> a.getAction()).toList());
        assertEquals(first.getEventId(), announced.get(0).getViolationEventId());
        assertTrue(s.getSanctionIdsList().contains(announced.get(1).getSanctionId()));
    }

    @Test
    void aCsamHashMatchDisablesAtOnceAndAnEndUserIsSanctionedAlone() throws Exception {
        String account = "biz-" + UUID.randomUUID();
        send(violation("acme", account, "acme-user-1", "csam", Severity.SEVERITY_CRITICAL, Action.ACTION_BLOCK_AND_REPORT).toBuilder()
                .setDetector("hash-service").build());
        awaitState("the end user disabled", "acme", account, "acme-user-1", StandingState.STANDING_STATE_DISABLED);
        // the business and its other end users keep their standing
        assertEquals(StandingState.STANDING_STATE_ACTIVE, standing("acme", account, "acme-user-2").getState());
        assertEquals(StandingState.STANDING_STATE_ACTIVE, standing("acme", account, "").getState());
        // staff see the same over REST, with a staff role
        io.restassured.RestAssured.given().get("/v1/tenants/acme/accounts/" + account + "/standing").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(io.safetyplane.testsupport.TestTokens.token("r-1", "reviewer"))
                .queryParam("endUserId", "acme-user-1").get("/v1/tenants/acme/accounts/" + account + "/standing").then().statusCode(200)
                .body("standing", org.hamcrest.Matchers.is("disabled")).body("sanctionIds.size()", org.hamcrest.Matchers.is(1));
    }

    @Test
    void aCsamPromptSuspendsUntilASecondReviewerDecides() throws Exception {
        // lexicons and classifiers have false positives: a person confirms before a permanent disable
        String account = "acct-" + UUID.randomUUID();
        send(violation("self-serve", account, "", "csam", Severity.SEVERITY_CRITICAL, Action.ACTION_BLOCK_AND_REPORT).toBuilder()
                .setDetector("filter-service").setStage(ContentStage.CONTENT_STAGE_PROMPT).build());
        awaitState("a suspension pending review", "self-serve", account, "", StandingState.STANDING_STATE_SUSPENDED);
        assertEquals(0, standing("self-serve", account, "").getUntilMillis(), "no end: a second reviewer decides");
    }

    @Test
    void aRecordThatIsNotAViolationGoesToTheDeadLetterTopic() throws Exception {
        byte[] junk = "not a violation".getBytes(StandardCharsets.UTF_8);
        producer().send(new ProducerRecord<>(Topics.VIOLATIONS, "junk/1", junk)).get(10, TimeUnit.SECONDS);
        var records = KafkaEvents.records("enforcement.dead-letter.v1", 1, r -> java.util.Arrays.equals(r.value(), junk));
        assertEquals("junk/1", records.get(0).key());
        // the consumer goes on
        String account = "acct-" + UUID.randomUUID();
        send(violation("self-serve", account, "", "violence", Severity.SEVERITY_HIGH, Action.ACTION_BLOCK));
        awaitState("a warning after the junk", "self-serve", account, "", StandingState.STANDING_STATE_WARNED);
        assertEquals("not a safety.events.v1.Violation", KafkaEvents.header(records.get(0), "dead-letter-reason").split(":")[0]);
        assertEquals(Topics.VIOLATIONS, KafkaEvents.header(records.get(0), "dead-letter-topic"));
    }

    @Test
    void theIntakesConsumerLagIsAMetric() throws Exception {
        send(violation("self-serve", "acct-" + UUID.randomUUID(), "", "violence", Severity.SEVERITY_HIGH, Action.ACTION_BLOCK));
        KafkaEvents.await("the consumer's lag on /q/metrics", () -> io.restassured.RestAssured.given().get("/q/metrics").then()
                .statusCode(200).extract().asString().lines()
                .anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag_max{") && l.contains("client_id=\"kafka-consumer-violations\"")));
    }
}

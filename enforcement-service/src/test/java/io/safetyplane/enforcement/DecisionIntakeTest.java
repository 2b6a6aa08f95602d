package io.safetyplane.enforcement;

import static io.safetyplane.enforcement.ReviewTesting.REVIEWER;
import static io.safetyplane.enforcement.ReviewTesting.awaitItem;
import static io.safetyplane.enforcement.ReviewTesting.decide;
import static io.safetyplane.enforcement.ReviewTesting.items;
import static io.safetyplane.enforcement.ReviewTesting.send;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.events.v1.Decision;
import io.safetyplane.testsupport.KafkaEvents;

/** Gate decisions counted once each, the allowed ones sampled into the review queue (every one at the tests' rate 1.0). */
@QuarkusTest
class DecisionIntakeTest {
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    static Decision decision(String decider, Action action) {
        return Decision.newBuilder().setEventId(UUID.randomUUID().toString())
                .setContext(RequestContext.newBuilder().setTenantId("acme").setAccountId("acct-1").setEndUserId("acme-user-9"))
                .setDecidedAtMillis(AT.toEpochMilli()).setDecider(decider).setStage(ContentStage.CONTENT_STAGE_PROMPT).setAction(action).build();
    }

    static long count(String decider, String action) throws Throwable {
        Object n = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("select count from decision_counts where day = ?1 and decider = ?2 and stage = 'prompt' and action = ?3")
                .setParameter(1, LocalDate.ofInstant(AT, ZoneOffset.UTC)).setParameter(2, decider).setParameter(3, action)
                .getSingleResultOrNull())));
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void decisionsAreCountedOnceAndAllowedOnesSampled() throws Throwable {
        String decider = "filter-service-" + UUID.randomUUID();
        Decision allowed = decision(decider, Action.ACTION_ALLOW);
        Decision blocked = decision(decider, Action.ACTION_BLOCK);
        send(Topics.DECISIONS, "acme/acct-1", allowed.toByteArray());
        send(Topics.DECISIONS, "acme/acct-1", allowed.toByteArray()); // redelivered
        send(Topics.DECISIONS, "acme/acct-1", blocked.toByteArray());
        KafkaEvents.await("the blocked decision counted", () -> {
            try {
                return count(decider, "block") == 1;
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });
        // the same key keeps one partition in order: the redelivery was handled before the blocked decision
        assertEquals(1, count(decider, "allow"), "the redelivered decision was counted once");

        var item = awaitItem("the allowed decision sampled", REVIEWER, i -> allowed.getEventId().equals(i.get("decisionEventId")));
        assertEquals("sampled-decision", item.get("kind"));
        assertEquals("allow", item.get("automatedVerdict"));
        assertEquals("acme-user-9", item.get("endUserId"));
        var open = items(REVIEWER);
        assertEquals(1, open.stream().filter(i -> allowed.getEventId().equals(i.get("decisionEventId"))).count(), "sampled once");
        assertTrue(open.stream().noneMatch(i -> blocked.getEventId().equals(i.get("decisionEventId"))), "only allowed decisions are sampled");

        // the allow was wrong: a miss of the automated system, counted by outcome
        decide(REVIEWER, item.get("id"), "overturn").statusCode(200).body("outcome", is("overturned"));
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("enforcement_review_decisions_total{kind=\"sampled-decision\",outcome=\"overturn\"}"), "decision metric");
        assertTrue(metrics.contains("enforcement_decisions_sampled_total"), "sample metric");
    }

    @Test
    void aRecordThatIsNotADecisionGoesToTheDeadLetterTopic() throws Exception {
        byte[] junk = "not a decision".getBytes(StandardCharsets.UTF_8);
        byte[] anonymous = decision("", Action.ACTION_ALLOW).toByteArray(); // no decider
        send(Topics.DECISIONS, "junk/2", junk);
        send(Topics.DECISIONS, "junk/3", anonymous);
        assertArrayEquals(junk, KafkaEvents.records("enforcement.dead-letter.v1", 1, r -> "junk/2".equals(r.key())).get(0).value());
        assertArrayEquals(anonymous, KafkaEvents.records("enforcement.dead-letter.v1", 1, r -> "junk/3".equals(r.key())).get(0).value());
    }
}

package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.KafkaEvents;
import io.safetyplane.testsupport.TestTokens;

/** Sending events and working the review queue over REST, for the review tests. */
final class ReviewTesting extends KafkaEvents {
    static final String REVIEWER = TestTokens.token("reviewer-1", "reviewer");
    static final String REVIEWER_2 = TestTokens.token("reviewer-2", "reviewer");
    static final String SENIOR = TestTokens.token("senior-1", "senior-reviewer");
    static final String SENIOR_2 = TestTokens.token("senior-2", "senior-reviewer");
    static final String ADMIN = TestTokens.token("admin-1", "admin");
    static final String AUDITOR = TestTokens.token("auditor-1", "auditor");

    private static KafkaProducer<String, byte[]> producer;

    private ReviewTesting() {
    }

    static synchronized void send(String topic, String key, byte[] value) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** The items the token's holder sees (not yet decided, every queue they take). */
    static List<Map<String, Object>> items(String token) {
        return given().auth().oauth2(token).queryParam("limit", 500).get("/v1/review-items").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    /** Waits for the one item that matches to be in the queue the token's holder sees. */
    static Map<String, Object> awaitItem(String what, String token, Predicate<Map<String, Object>> match) throws InterruptedException {
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        await(what, () -> {
            items(token).stream().filter(match).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    static ValidatableResponse decide(String token, Object itemId, String outcome) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("outcome", outcome, "note", "checked"))
                .post("/v1/review-items/" + itemId + "/decision").then();
    }

    static String standing(String tenant, String account, String endUser) {
        return given().auth().oauth2(REVIEWER).queryParam("endUserId", endUser).get("/v1/tenants/" + tenant + "/accounts/" + account + "/standing")
                .then().statusCode(200).extract().path("standing");
    }
}

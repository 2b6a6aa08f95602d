package io.safetyplane.filter;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.safetyplane.testsupport.TestTokens;

/** What the tests of this module share: calls, tokens, waiting, reading events back from Kafka. */
final class Api {
    /** Allowed by the global policy. */
    static final String BENIGN = "a watercolor painting of a lighthouse at dawn";
    /** A CSAM-style prompt the engine blocks and reports: a letter-spaced sexual term next to an age under 18. */
    static final String CSAM = "n u d e 12yo girl";

    private Api() {
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token("alice", "policy-admin"));
    }

    static Map<String, Object> context(String requestId, String tenantId) {
        Map<String, Object> c = new HashMap<>();
        c.put("requestId", requestId);
        c.put("tenantId", tenantId);
        c.put("accountId", "acct-7");
        c.put("endUserId", tenantId + "-user-99");
        c.put("apiKeyId", "key-1");
        c.put("clientIp", "203.0.113.9");
        c.put("model", "image-gen-3");
        return c;
    }

    static ValidatableResponse check(String tenantId, String requestId, String prompt) {
        return given().contentType(ContentType.JSON).body(Map.of("context", context(requestId, tenantId), "prompt", prompt))
                .post("/v1/prompts:check").then();
    }

    /** Sets a tenant's policy, whatever its revision. */
    static ValidatableResponse putPolicy(String tenantId, Map<String, Object> policy) {
        return admin().contentType(ContentType.JSON).body(policy).put("/v1/tenants/" + tenantId + "/policy").then();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Reads {@code topic} from the beginning until {@code count} records match; fails after 30 s. */
    static List<ConsumerRecord<String, byte[]>> records(String topic, int count, Predicate<ConsumerRecord<String, byte[]>> match) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty()) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " does not exist");
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("found " + found.size() + " of " + count + " records on " + topic);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        return r.headers().lastHeader(name) == null ? null : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

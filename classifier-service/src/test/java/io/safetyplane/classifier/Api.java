package io.safetyplane.classifier;

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

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.testsupport.KafkaBrokerResource;

/** What the tests of this module share: calls, waiting, reading events back from Kafka. */
final class Api {
    static final List<String> LABELS = List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy");

    private Api() {
    }

    /** A classify call with a full request context in headers. */
    static RequestSpecification request(String requestId, String contentType, byte[] body) {
        return given().header("Safety-Context-Request-Id", requestId).header("Safety-Context-Tenant-Id", "acme")
                .header("Safety-Context-Account-Id", "acct-7").header("Safety-Context-End-User-Id", "acme-user-99")
                .header("Safety-Context-Api-Key-Id", "key-1").header("Safety-Context-Client-Ip", "203.0.113.9")
                .header("Safety-Context-Model", "image-gen-3").contentType(contentType).body(body);
    }

    static ValidatableResponse classify(String requestId, String contentType, byte[] body) {
        return request(requestId, contentType, body).post("/v1/media:classify").then();
    }

    static ValidatableResponse classifyPng(String requestId, byte[] png) {
        return classify(requestId, "image/png", png);
    }

    /** The label scores of a 200 response, in label order. */
    static float[] scores(ValidatableResponse r) {
        Map<String, Float> m = r.statusCode(200).extract().jsonPath().getMap("scores", String.class, Float.class);
        float[] s = new float[LABELS.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = m.get(LABELS.get(i));
        }
        return s;
    }

    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
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

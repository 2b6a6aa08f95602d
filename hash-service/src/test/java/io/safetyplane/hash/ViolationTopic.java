package io.safetyplane.hash;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;

import com.google.protobuf.InvalidProtocolBufferException;

import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.testsupport.KafkaBrokerResource;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Reads {@code safety.violations.v1} from its beginning for the violation of one request. Every test class of the
 * module shares the broker, so a test looks for its own request id rather than at the first record.
 */
final class ViolationTopic {

    private ViolationTopic() {
    }

    /** The first record whose violation names {@code requestId}; fails after 30 s without one. */
    static ConsumerRecord<String, byte[]> recordOf(String requestId) throws InterruptedException, InvalidProtocolBufferException {
        KafkaCompanion companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
        companion.registerSerde(byte[].class, Serdes.ByteArray());
        try {
            ConsumerTask<String, byte[]> task = companion.consume(String.class, byte[].class)
                    .withGroupId("violation-topic-" + UUID.randomUUID()).withProp("auto.offset.reset", "earliest")
                    .fromTopics(Topics.VIOLATIONS);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : task.getRecords()) {
                        if (Violation.parseFrom(r.value()).getContext().getRequestId().equals(requestId)) {
                            return r;
                        }
                    }
                    Thread.sleep(100);
                }
            } finally {
                task.stop();
            }
        } finally {
            companion.close();
        }
        return fail("no violation was published for request " + requestId);
    }

    static Violation violationOf(String requestId) throws InterruptedException, InvalidProtocolBufferException {
        return Violation.parseFrom(recordOf(requestId).value());
    }
}

package io.safetyplane.service.kafka;

import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.safetyplane.contracts.CloudEvents;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Kafka messages for an emitter: a protobuf payload with its key and CloudEvents headers (binary content mode). */
public final class CloudEventMessages {

    private CloudEventMessages() {
    }

    /**
     * @param id     event id ({@code ce_id}), stable for a retried request
     * @param type   CloudEvents type, one of {@link CloudEvents}
     * @param source URI reference of the emitting service, e.g. {@code /filter-service}
     */
    public static Message<byte[]> message(byte[] payload, String key, String id, String type, String source, Instant time) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(id, type, source, time).forEach(headers::add);
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build());
    }
}

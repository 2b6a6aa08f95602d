package io.safetyplane.hash.replication;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.hash.v1.BankChange;
import io.safetyplane.hash.bank.BankKeys;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes bank changes to the compacted topic. All records of a bank go to the partition chosen by
 * the bank's name, so that a bank's settings and entries keep their order. Each call is one Kafka
 * transaction: replicas read committed records only, so an import is applied whole or not at all.
 */
@ApplicationScoped
public class BankChangeLog {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    @Inject
    public BankChangeLog(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, BankReplica replica) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // bulk imports: few large compressed batches rather than many round trips
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(15));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "hash-service-bank-admin-" + UUID.randomUUID());
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TimeUnit.MINUTES.toMillis(5));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = replica.topic();
    }

    private boolean initialised;

    /** One record to write: a key of {@link BankKeys} and a value, or null to delete. */
    public record Change(String key, BankChange value) {
        public static Change delete(String key) {
            return new Change(key, null);
        }
    }

    /** The body of one transaction: writes changes to {@code out}; returns false to abort them all. */
    @FunctionalInterface
    public interface Transaction {
        boolean write(Consumer<Change> out);
    }

    /**
     * Writes the changes in order and waits until Kafka has acknowledged all of them.
     *
     * @return the highest offset written per partition
     */
    public Map<Integer, Long> append(List<Change> changes) {
        return transact(out -> {
            changes.forEach(out);
            return true;
        }).orElseThrow();
    }

    /**
     * Runs {@code body} as one Kafka transaction, streaming its changes as it writes them. Replicas
     * see all of them or, if the body returns false or throws, none.
     *
     * @return the highest offset written per partition, or empty when the body aborted
     */
    public synchronized Optional<Map<Integer, Long>> transact(Transaction body) {
        try {
            if (!initialised) {
                producer.initTransactions();
                initialised = true;
            }
            producer.beginTransaction();
            Sender sender = new Sender(producer.partitionsFor(topic).size());
            if (!body.write(sender::send)) {
                abort();
                return Optional.empty();
            }
            producer.commitTransaction(); // flushes, and fails if any record failed
            if (sender.failure.get() != null) {
                throw new BankLogUnavailableException("Kafka did not accept the bank changes: " + sender.failure.get(),
                        sender.failure.get());
            }
            return Optional.of(Map.copyOf(sender.last));
        } catch (KafkaException e) {
            abort();
            throw new BankLogUnavailableException("Kafka did not accept the bank changes: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // a fenced or failed producer cannot abort; the broker times the transaction out
        }
    }

    /** Sends the records of one transaction and keeps the highest acknowledged offset per partition. */
    private final class Sender {
        final Map<Integer, Long> last = new ConcurrentHashMap<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final int partitions;
        final String batch = UUID.randomUUID().toString();
        final Instant now = Instant.now();
        int sequence;

        Sender(int partitions) {
            this.partitions = partitions;
        }

        void send(Change c) {
            String bank = BankKeys.bankOf(c.key());
            int partition = Utils.toPositive(Utils.murmur2(bank.getBytes(StandardCharsets.UTF_8))) % partitions;
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, c.key(),
                    c.value() == null ? null : c.value().toByteArray());
            CloudEvents.headers(batch + "-" + sequence++, CloudEvents.BANK_CHANGE_TYPE, "/hash-service", now)
                    .forEach((k, v) -> record.headers().add(new RecordHeader(k, v)));
            producer.send(record, (m, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    last.merge(m.partition(), m.offset(), Math::max);
                }
            });
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /** Kafka could not take a write; nothing of it may be assumed applied. */
    public static final class BankLogUnavailableException extends RuntimeException {
        BankLogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

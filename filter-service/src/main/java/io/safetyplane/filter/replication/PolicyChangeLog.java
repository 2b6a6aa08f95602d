package io.safetyplane.filter.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.safetyplane.contracts.CloudEvents;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.service.Failure;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes tenant policies to the compacted topic, one Kafka transaction per write.
 *
 * <p>The writers of all replicas share one transactional id. Starting a writer fences every other,
 * so a write runs like this: if this writer was fenced (another replica wrote since), start it
 * again, which fences the other, and wait until this replica has read the log to its end; then
 * decide the new value from this replica's view (checking the caller's expected revision), and
 * commit. A commit succeeds only if no other writer started in between, so revisions are checked
 * against the whole log, not only against what this replica happened to have read.
 */
@ApplicationScoped
public class PolicyChangeLog {
    private static final Logger LOG = Logger.getLogger(PolicyChangeLog.class);
    private static final int ATTEMPTS = 3;

    private final Map<String, Object> kafkaConfig;
    private final TenantPolicies store;
    private final PolicyReplica replica;
    private final String topic;
    private final String transactionalId;
    private final Duration applyTimeout;
    private final String source;

    private KafkaProducer<String, byte[]> producer;
    /** Whether this replica has read the log to its end since {@link #producer} was started. */
    private boolean synced;
    private Admin admin;
    private final Map<Integer, Long> lastWritten = new HashMap<>();

    /** A record written: the new policy, or null when the tenant was deleted, and where it is. */
    public record Written(String tenantId, PolicyChange value, int partition, long offset) {
        public Map<Integer, Long> offsets() {
            return Map.of(partition, offset);
        }
    }

    @Inject
    public PolicyChangeLog(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, TenantPolicies store,
            PolicyReplica replica, FilterServiceConfig config) {
        this(kafkaConfig, store, replica, config.policy().transactionalId(), config.policy().applyTimeout(),
                config.events().source());
    }

    public PolicyChangeLog(Map<String, Object> kafkaConfig, TenantPolicies store, PolicyReplica replica, String transactionalId,
            Duration applyTimeout, String source) {
        this.kafkaConfig = kafkaConfig;
        this.store = store;
        this.replica = replica;
        this.topic = replica.topic();
        this.transactionalId = transactionalId;
        this.applyTimeout = applyTimeout;
        this.source = source;
    }

    /**
     * Writes one tenant's new policy, as {@code decide} computes it from the tenant's current policy
     * on a view of the whole log.
     *
     * @param decide returns the new record, or null to delete the tenant; throws a {@link Failure}
     *               (for example a revision mismatch) to write nothing
     * @throws Failure {@code policy-log-unavailable} (503) when Kafka does not take the write; nothing
     *                 of it may then be assumed applied
     */
    public synchronized Written write(String tenantId, Function<Optional<TenantPolicies.Tenant>, PolicyChange> decide) {
        for (int attempt = 1;; attempt++) {
            boolean inTransaction = false;
            try {
                if (producer == null) {
                    producer = newProducer();
                    producer.initTransactions(); // fences the writers of other replicas
                    synced = false;
                }
                if (!synced) {
                    awaitLogEnd();
                    synced = true;
                } else {
                    awaitOwnWrites();
                }
                PolicyChange value = decide.apply(store.find(tenantId));
                producer.beginTransaction();
                inTransaction = true;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, tenantId,
                        value == null ? null : value.toByteArray());
                String eventId = value == null ? tenantId + "@deleted-" + UUID.randomUUID() : tenantId + "@" + value.getRevision();
                CloudEvents.headers(eventId, CloudEvents.POLICY_CHANGE_TYPE, source, Instant.now())
                        .forEach((k, v) -> record.headers().add(new RecordHeader(k, v)));
                Future<RecordMetadata> sent = producer.send(record);
                producer.commitTransaction();
                inTransaction = false;
                RecordMetadata m = sent.get(applyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                lastWritten.merge(m.partition(), m.offset(), Math::max);
                return new Written(tenantId, value, m.partition(), m.offset());
            } catch (Failure f) {
                abort(inTransaction);
                throw f;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discardProducer();
                throw unavailable("interrupted");
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                if (fenced(e) && attempt < ATTEMPTS) {
                    LOG.debugf("policy writer was fenced by another replica's; starting it again (attempt %d)", attempt + 1);
                    discardProducer();
                    continue;
                }
                LOG.warnf(e, "policy change of tenant %s not written", tenantId);
                discardProducer(); // a failed transactional producer cannot be trusted; the next write starts afresh
                throw unavailable(e.getMessage());
            }
        }
    }

    /** Waits until this replica has read everything committed so far: after starting a writer, nothing else can be in flight. */
    private void awaitLogEnd() throws InterruptedException, ExecutionException, TimeoutException {
        if (admin == null) {
            admin = Admin.create(kafkaConfig);
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        int partitions = producer.partitionsFor(topic).size();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(applyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Integer, Long> positions = new HashMap<>();
        end.forEach((tp, info) -> positions.put(tp.partition(), info.offset()));
        if (!replica.awaitPositions(positions, applyTimeout)) {
            throw unavailable("this replica did not read the policy log to its end within " + applyTimeout);
        }
    }

    private void awaitOwnWrites() throws InterruptedException {
        if (!lastWritten.isEmpty() && !replica.awaitApplied(lastWritten, applyTimeout)) {
            throw unavailable("this replica did not apply its own last write within " + applyTimeout);
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TimeUnit.MINUTES.toMillis(1));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(15));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "filter-service-policy-writer-" + UUID.randomUUID());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static boolean fenced(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void abort(boolean inTransaction) {
        if (inTransaction && producer != null) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                discardProducer();
            }
        }
    }

    private void discardProducer() {
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing policy writer", e);
            }
        }
    }

    private static Failure unavailable(String why) {
        return new Failure(Failure.Kind.UNAVAILABLE, "policy-log-unavailable", "Policy change not written",
                "the policy change could not be written to Kafka: " + why, Map.of(), 1);
    }

    @PreDestroy
    public synchronized void close() {
        discardProducer();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}

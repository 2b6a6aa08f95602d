package io.safetyplane.filter.replication;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.service.kafka.CompactedTopic;
import io.safetyplane.service.kafka.TopicReplica;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps this replica's {@link TenantPolicies} equal to the compacted policy topic.
 *
 * <p>At start-up it reads every partition from the beginning up to the end offsets it saw when it
 * started, keeping only the newest record of each tenant, compiles each tenant once, and only then
 * reports ready. After that it applies changes as they arrive. The reading ({@code assign},
 * {@code read_committed}) is a {@link TopicReplica}'s.
 */
@ApplicationScoped
public class PolicyReplica extends TopicReplica {
    private static final Logger LOG = Logger.getLogger(PolicyReplica.class);

    private final TenantPolicies store;
    private final Settings config;
    private final AtomicLong invalidRecords = new AtomicLong();
    private final AtomicLong appliedRecords = new AtomicLong();
    // while catching up, only the newest record of each tenant is compiled (used on the replica's thread only)
    private final Map<String, ConsumerRecord<String, byte[]>> pending = new LinkedHashMap<>();

    /** What a replica needs to know; see {@link FilterServiceConfig.Policy}. */
    public record Settings(String topic, int partitions, Optional<Short> replicationFactor) {
        static Settings of(FilterServiceConfig.Policy p) {
            return new Settings(p.topic(), p.partitions(), p.replicationFactor());
        }
    }

    @Inject
    public PolicyReplica(TenantPolicies store, FilterServiceConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this(store, Settings.of(config.policy()), kafkaConfig, registry);
    }

    public PolicyReplica(TenantPolicies store, Settings config, Map<String, Object> kafkaConfig, MeterRegistry registry) {
        super("policy", LOG, () -> CompactedTopic.ensure(kafkaConfig, config.topic(), config.partitions(), config.replicationFactor()),
                kafkaConfig, Duration.ofMillis(100), Duration.ofSeconds(10));
        this.store = store;
        this.config = config;
        registry.gauge("filter_policy_replication_lag_records", this, PolicyReplica::lag);
        registry.gauge("filter_policy_tenants", store, TenantPolicies::size);
        registry.gauge("filter_policy_invalid_tenants", store, TenantPolicies::invalid);
        registry.more().counter("filter_policy_invalid_records", List.of(), invalidRecords);
        registry.more().counter("filter_policy_applied_records", List.of(), appliedRecords);
    }

    public String topic() {
        return config.topic();
    }

    @Override
    protected long[] startReading(CompactedTopic topic, long[] beginning, long[] end, long[] resume) {
        if (resume == null) {
            store.clear();
            pending.clear();
        }
        LOG.infof("replicating tenant policies from %s (%d partitions)", config.topic(), topic.partitions());
        return resume;
    }

    @Override
    protected boolean apply(ConsumerRecords<String, byte[]> records, boolean caughtUp) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null) {
                invalidRecords.incrementAndGet();
                LOG.warnf("skipping policy record without a key at %s-%d@%d", r.topic(), r.partition(), r.offset());
            } else if (caughtUp) {
                apply(r);
            } else {
                pending.remove(r.key());
                pending.put(r.key(), r);
            }
        }
        return true;
    }

    @Override
    protected void catchUp(Duration took) {
        pending.values().forEach(this::apply);
        pending.clear();
        LOG.infof("tenant policies caught up with %s in %d ms: %d tenants", config.topic(), took.toMillis(), store.size());
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            store.remove(r.key());
            appliedRecords.incrementAndGet();
            return;
        }
        try {
            PolicyChange change = PolicyChange.parseFrom(r.value());
            if (!change.getTenantId().equals(r.key())) {
                throw new InvalidProtocolBufferException("the record is keyed '" + r.key() + "' but names tenant '"
                        + change.getTenantId() + "'");
            }
            if (!store.apply(change).problems().isEmpty()) {
                invalidRecords.incrementAndGet();
            }
            appliedRecords.incrementAndGet();
        } catch (InvalidProtocolBufferException e) {
            invalidRecords.incrementAndGet();
            LOG.warnf("skipping policy record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }
}

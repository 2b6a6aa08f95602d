package io.safetyplane.filter.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.safetyplane.contracts.filter.v1.PolicyChange;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.service.kafka.CompactedTopic;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps this replica's {@link TenantPolicies} equal to the compacted policy topic.
 *
 * <p>At start-up it reads every partition from the beginning up to the end offsets it saw when it
 * started, keeping only the newest record of each tenant, compiles each tenant once, and only then
 * reports ready. After that it applies changes as they arrive. It reads with {@code assign} (no
 * consumer group: every replica needs every record) and {@code read_committed}, so an aborted write
 * is never seen.
 */
@ApplicationScoped
public class PolicyReplica {
    private static final Logger LOG = Logger.getLogger(PolicyReplica.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final TenantPolicies store;
    private final Settings config;
    private final Map<String, Object> kafkaConfig;
    private final AtomicLong invalidRecords = new AtomicLong();
    private final AtomicLong appliedRecords = new AtomicLong();
    private final Object progress = new Object();

    private volatile long[] applied = new long[0];
    private volatile long[] endAtStart;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

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
        this.store = store;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        registry.gauge("filter_policy_replication_lag_records", this, PolicyReplica::lag);
        registry.gauge("filter_policy_tenants", store, TenantPolicies::size);
        registry.gauge("filter_policy_invalid_tenants", store, TenantPolicies::invalid);
        registry.more().counter("filter_policy_invalid_records", List.of(), invalidRecords);
        registry.more().counter("filter_policy_applied_records", List.of(), appliedRecords);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts replicating on a thread of its own. */
    public void start() {
        running = true;
        thread = new Thread(this::run, "policy-replica");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops replicating; waits up to 10 s. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once every record that existed at start-up has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the replica cannot make progress, or empty. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public String topic() {
        return config.topic();
    }

    /** Records behind the end offsets seen at start-up (0 once caught up). */
    public long lag() {
        long[] end = endAtStart;
        long[] now = applied;
        if (end == null || caughtUp) {
            return 0;
        }
        long lag = 0;
        for (int p = 0; p < end.length && p < now.length; p++) {
            lag += Math.max(0, end[p] - now[p]);
        }
        return lag;
    }

    /** Waits until this replica has applied the records at {@code offsets} (partition → offset). */
    public boolean awaitApplied(Map<Integer, Long> offsets, Duration timeout) throws InterruptedException {
        Map<Integer, Long> next = new HashMap<>();
        offsets.forEach((p, o) -> next.put(p, o + 1));
        return awaitPositions(next, timeout);
    }

    /** Waits until this replica has read each partition up to {@code positions} (partition → next offset). */
    public boolean awaitPositions(Map<Integer, Long> positions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(positions)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private boolean reached(Map<Integer, Long> positions) {
        if (!caughtUp) {
            return false;
        }
        long[] now = applied;
        for (Map.Entry<Integer, Long> e : positions.entrySet()) {
            if (e.getKey() >= now.length || now[e.getKey()] < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        long backoff = 500;
        while (running) {
            try {
                replicate();
                return;
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                failure = e.toString();
                LOG.errorf(e, "policy replication failed; retrying in %d ms", backoff);
                closeConsumer();
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void replicate() {
        CompactedTopic topic = CompactedTopic.ensure(kafkaConfig, config.topic(), config.partitions(), config.replicationFactor());
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(config.topic(), p));
        }
        c.assign(partitions);
        long[] target = new long[partitions.size()];
        if (caughtUp) {
            // a retry after a failure: continue where this replica stopped
            for (TopicPartition tp : partitions) {
                c.seek(tp, tp.partition() < applied.length ? applied[tp.partition()] : 0);
            }
        } else {
            store.clear();
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            c.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                target[tp.partition()] = end.get(tp);
            }
            endAtStart = target;
        }
        applied = positions(c, partitions);
        LOG.infof("replicating tenant policies from %s (%d partitions)", config.topic(), partitions.size());
        failure = null;
        Instant startedAt = Instant.now();
        // while catching up, only the newest record of each tenant is compiled
        Map<String, ConsumerRecord<String, byte[]>> pending = new LinkedHashMap<>();
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = c.poll(POLL);
            } catch (WakeupException e) {
                break; // stop() was called
            }
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
            long[] now = positions(c, partitions);
            if (!caughtUp && reachedAll(now, target)) {
                pending.values().forEach(this::apply);
                pending.clear();
                caughtUp = true;
                LOG.infof("tenant policies caught up with %s in %d ms: %d tenants", config.topic(),
                        Duration.between(startedAt, Instant.now()).toMillis(), store.size());
            }
            synchronized (progress) {
                applied = now;
                progress.notifyAll();
            }
        }
        closeConsumer();
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

    private static long[] positions(KafkaConsumer<?, ?> c, List<TopicPartition> partitions) {
        long[] now = new long[partitions.size()];
        for (TopicPartition tp : partitions) {
            now[tp.partition()] = c.position(tp);
        }
        return now;
    }

    private static boolean reachedAll(long[] now, long[] target) {
        for (int p = 0; p < target.length; p++) {
            if (now[p] < target[p]) {
                return false;
            }
        }
        return true;
    }

    private void closeConsumer() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("closing consumer", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

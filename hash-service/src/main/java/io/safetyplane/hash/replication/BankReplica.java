package io.safetyplane.hash.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.safetyplane.hash.bank.BankKeys;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.service.kafka.CompactedTopic;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Keeps this replica's {@link BankStore} equal to the compacted bank-changes topic.
 *
 * <p>At start-up it loads the local snapshot if it is still valid for the topic, reads every
 * partition from there (or from the beginning) up to the end offsets it saw when it started, and
 * only then reports ready. After that it applies changes live. It reads with {@code assign}, not
 * a consumer group: every replica needs every record.
 */
@ApplicationScoped
public class BankReplica {
    private static final Logger LOG = Logger.getLogger(BankReplica.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_POLL_RECORDS = 20_000;
    private static final long MIN_PUBLISH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BankStore store;
    private final Settings config;
    private final Map<String, Object> kafkaConfig;
    private final AtomicLong invalidRecords = new AtomicLong();
    private final AtomicLong appliedRecords = new AtomicLong();
    private final Object progress = new Object();

    private volatile long[] applied = new long[0];
    private volatile long[] endAtStart;
    private volatile boolean caughtUp;
    private volatile boolean restoredFromSnapshot;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    /** What a replica needs to know; see {@link HashServiceConfig.Replication}. */
    public record Settings(String topic, int partitions, Optional<Short> replicationFactor, Optional<Path> snapshotDir,
            Duration snapshotInterval) {
        static Settings of(HashServiceConfig.Replication r) {
            return new Settings(r.topic(), r.partitions(), r.replicationFactor(), r.snapshotDir(), r.snapshotInterval());
        }
    }

    @Inject
    public BankReplica(BankStore store, HashServiceConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry) {
        this(store, Settings.of(config.replication()), kafkaConfig, registry);
    }

    public BankReplica(BankStore store, Settings config, Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        registry.gauge("hash_replication_lag_records", this, BankReplica::lag);
        registry.more().counter("hash_replication_invalid_records", List.of(), invalidRecords);
        registry.more().counter("hash_replication_applied_records", List.of(), appliedRecords);
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
        thread = new Thread(this::run, "bank-replica");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops replicating, writing a last snapshot; waits up to 30 s. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once every record that existed at start-up has been applied and published. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Whether this replica started from its local snapshot rather than the beginning of the topic. */
    public boolean restoredFromSnapshot() {
        return restoredFromSnapshot;
    }

    /** Why the replica cannot make progress, or empty. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
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

    public String topic() {
        return config.topic();
    }

    /** Waits until this replica has applied the records at {@code offsets} (partition → offset). */
    public boolean awaitApplied(Map<Integer, Long> offsets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!appliedAll(offsets)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private boolean appliedAll(Map<Integer, Long> offsets) {
        long[] now = applied;
        for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
            if (e.getKey() >= now.length || now[e.getKey()] <= e.getValue()) {
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
                LOG.errorf(e, "bank replication failed; retrying in %d ms", backoff);
                closeConsumer();
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void replicate() {
        Topic topic = ensureTopic();
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(config.topic(), p));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long[] start;
        if (caughtUp) {
            start = applied; // a retry after a failure: continue where this replica stopped
        } else {
            store.clear();
            start = restoreSnapshot(topic, partitions, begin, end);
        }
        long[] target = new long[partitions.size()];
        for (TopicPartition tp : partitions) {
            target[tp.partition()] = end.get(tp);
            if (start == null) {
                consumer.seek(tp, begin.get(tp));
            } else {
                consumer.seek(tp, start[tp.partition()]);
            }
        }
        endAtStart = target;
        applied = positions(partitions);
        LOG.infof("replicating %s (%d partitions) from %s", config.topic(), partitions.size(),
                start == null ? "the beginning" : "the local snapshot");
        failure = null;
        boolean changedSinceSnapshot = false;
        boolean unpublished = false;
        long lastPublish = System.nanoTime();
        long publishEvery = MIN_PUBLISH_INTERVAL_NANOS;
        long nextSnapshot = System.nanoTime() + config.snapshotInterval().toNanos();
        Instant startedAt = Instant.now();
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (WakeupException e) {
                break; // stop() was called
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    store.apply(r.key(), r.value());
                    appliedRecords.incrementAndGet();
                } catch (BankStore.InvalidChangeException e) {
                    invalidRecords.incrementAndGet();
                    LOG.warnf("skipping bank change at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            }
            changedSinceSnapshot |= !records.isEmpty();
            unpublished |= !records.isEmpty();
            long[] now = positions(partitions);
            if (!caughtUp) {
                if (reached(now, target)) {
                    store.publish();
                    unpublished = false;
                    caughtUp = true;
                    LOG.infof("bank index caught up with %s in %d ms", config.topic(),
                            Duration.between(startedAt, Instant.now()).toMillis());
                    snapshot(topic, now);
                    changedSinceSnapshot = false;
                }
            } else if (unpublished && (records.count() < MAX_POLL_RECORDS || System.nanoTime() - lastPublish > publishEvery)) {
                // publish once the log is drained; during a bulk load, rebuilding takes at most a fifth of the time
                long t0 = System.nanoTime();
                store.publish();
                lastPublish = System.nanoTime();
                publishEvery = Math.max(MIN_PUBLISH_INTERVAL_NANOS, 4 * (lastPublish - t0));
                unpublished = false;
            }
            if (!unpublished) {
                synchronized (progress) {
                    applied = now; // "applied" means searchable
                    progress.notifyAll();
                }
            }
            if (caughtUp && changedSinceSnapshot && System.nanoTime() > nextSnapshot) {
                snapshot(topic, now);
                changedSinceSnapshot = false;
                nextSnapshot = System.nanoTime() + config.snapshotInterval().toNanos();
            }
        }
        if (caughtUp && changedSinceSnapshot) {
            snapshot(topic, positions(partitions));
        }
        closeConsumer();
    }

    private long[] positions(List<TopicPartition> partitions) {
        long[] now = new long[partitions.size()];
        for (TopicPartition tp : partitions) {
            now[tp.partition()] = consumer.position(tp);
        }
        return now;
    }

    private static boolean reached(long[] now, long[] target) {
        for (int p = 0; p < target.length; p++) {
            if (now[p] < target[p]) {
                return false;
            }
        }
        return true;
    }

    private Topic ensureTopic() {
        CompactedTopic t = CompactedTopic.ensure(kafkaConfig, config.topic(), config.partitions(), config.replicationFactor());
        return new Topic(t.id(), t.partitions());
    }

    private record Topic(String id, int partitions) {
    }

    private Path snapshotFile() {
        return config.snapshotDir().map(d -> d.resolve("bank-snapshot.bin")).orElse(null);
    }

    /** Loads the snapshot into the store and returns where to continue, or null to replay everything. */
    private long[] restoreSnapshot(Topic topic, List<TopicPartition> partitions, Map<TopicPartition, Long> begin,
            Map<TopicPartition, Long> end) {
        Path file = snapshotFile();
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            Snapshot.Header header = Snapshot.read(file, change -> {
                // records are applied only after the checksum has been verified
                try {
                    if (change.hasBank()) {
                        store.apply(BankKeys.bank(change.getBank().getName()), change.toByteArray());
                    } else {
                        var e = change.getEntry();
                        store.apply(BankKeys.entry(e.getBank(), e.getSignalType(), e.getHash()), change.toByteArray());
                    }
                } catch (BankStore.InvalidChangeException ex) {
                    throw new IllegalStateException(ex.getMessage());
                }
            });
            String why = null;
            if (!header.topic().equals(config.topic()) || !header.topicId().equals(topic.id())) {
                why = "it was taken from another topic";
            } else if (header.nextOffsets().length != partitions.size()) {
                why = "the partition count changed";
            } else {
                for (TopicPartition tp : partitions) {
                    long o = header.nextOffsets()[tp.partition()];
                    if (o < begin.get(tp) || o > end.get(tp)) {
                        why = "its offsets are outside the topic's";
                    }
                }
            }
            if (why == null) {
                restoredFromSnapshot = true;
                LOG.infof("restored bank snapshot %s", file);
                return header.nextOffsets();
            }
            LOG.warnf("ignoring bank snapshot %s: %s", file, why);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring bank snapshot %s: %s", file, e.getMessage());
        }
        store.clear();
        return null;
    }

    private void snapshot(Topic topic, long[] nextOffsets) {
        Path file = snapshotFile();
        if (file == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Snapshot.write(file, new Snapshot.Header(config.topic(), topic.id(), nextOffsets), store::contents);
            LOG.infof("wrote bank snapshot %s in %d ms", file, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (IOException e) {
            LOG.errorf(e, "cannot write bank snapshot %s", file);
        }
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

package io.safetyplane.hash.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.safetyplane.hash.bank.BankKeys;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.config.HashServiceConfig;
import io.safetyplane.service.kafka.CompactedTopic;
import io.safetyplane.service.kafka.TopicReplica;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps this replica's {@link BankStore} equal to the compacted bank-changes topic.
 *
 * <p>At start-up it loads the local snapshot if it is still valid for the topic, reads every
 * partition from there (or from the beginning) up to the end offsets it saw when it started, and
 * only then reports ready. After that it applies changes live; stopping writes a last snapshot. The
 * reading itself is a {@link TopicReplica}'s.
 */
@ApplicationScoped
public class BankReplica extends TopicReplica {
    private static final Logger LOG = Logger.getLogger(BankReplica.class);
    private static final int MAX_POLL_RECORDS = 20_000;
    private static final long MIN_PUBLISH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BankStore store;
    private final Settings config;
    private final AtomicLong invalidRecords = new AtomicLong();
    private final AtomicLong appliedRecords = new AtomicLong();

    private volatile boolean restoredFromSnapshot;
    // used on the replica's thread only
    private CompactedTopic compactedTopic;
    private boolean unpublished;
    private boolean unsaved;
    private long lastPublish;
    private long publishEvery;
    private long nextSnapshot;

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
        super("bank", LOG, () -> CompactedTopic.ensure(kafkaConfig, config.topic(), config.partitions(), config.replicationFactor()),
                largeBatches(kafkaConfig), Duration.ofMillis(200), Duration.ofSeconds(30));
        this.store = store;
        this.config = config;
        registry.gauge("hash_replication_lag_records", this, BankReplica::lag);
        registry.more().counter("hash_replication_invalid_records", List.of(), invalidRecords);
        registry.more().counter("hash_replication_applied_records", List.of(), appliedRecords);
    }

    private static Map<String, Object> largeBatches(Map<String, Object> kafkaConfig) {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return consumerConfig;
    }

    /** Whether this replica started from its local snapshot rather than the beginning of the topic. */
    public boolean restoredFromSnapshot() {
        return restoredFromSnapshot;
    }

    public String topic() {
        return config.topic();
    }

    @Override
    protected long[] startReading(CompactedTopic topic, long[] beginning, long[] end, long[] resume) {
        this.compactedTopic = topic;
        long[] from = resume; // a retry after a failure: continue where this replica stopped
        if (from == null) {
            store.clear();
            from = restoreSnapshot(topic, beginning, end);
        }
        LOG.infof("replicating %s (%d partitions) from %s", config.topic(), topic.partitions(),
                from == null ? "the beginning" : "the local snapshot");
        unpublished = false;
        unsaved = false;
        lastPublish = System.nanoTime();
        publishEvery = MIN_PUBLISH_INTERVAL_NANOS;
        nextSnapshot = System.nanoTime() + config.snapshotInterval().toNanos();
        return from;
    }

    @Override
    protected boolean apply(ConsumerRecords<String, byte[]> records, boolean caughtUp) {
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                store.apply(r.key(), r.value());
                appliedRecords.incrementAndGet();
            } catch (BankStore.InvalidChangeException e) {
                invalidRecords.incrementAndGet();
                LOG.warnf("skipping bank change at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        unsaved |= !records.isEmpty();
        unpublished |= !records.isEmpty();
        if (caughtUp && unpublished && (records.count() < MAX_POLL_RECORDS || System.nanoTime() - lastPublish > publishEvery)) {
            // publish once the log is drained; during a bulk load, rebuilding takes at most a fifth of the time
            long t0 = System.nanoTime();
            store.publish();
            lastPublish = System.nanoTime();
            publishEvery = Math.max(MIN_PUBLISH_INTERVAL_NANOS, 4 * (lastPublish - t0));
            unpublished = false;
        }
        return !unpublished; // "applied" means searchable
    }

    @Override
    protected void catchUp(Duration took) {
        store.publish();
        unpublished = false;
        LOG.infof("bank index caught up with %s in %d ms", config.topic(), took.toMillis());
        unsaved = true; // a snapshot is due at once
        nextSnapshot = System.nanoTime();
    }

    @Override
    protected void checkpoint(long[] positions, boolean last) {
        if (unsaved && (last || System.nanoTime() - nextSnapshot >= 0)) {
            snapshot(compactedTopic, positions);
            unsaved = false;
            nextSnapshot = System.nanoTime() + config.snapshotInterval().toNanos();
        }
    }

    private Path snapshotFile() {
        return config.snapshotDir().map(d -> d.resolve("bank-snapshot.bin")).orElse(null);
    }

    /** Loads the snapshot into the store and returns where to continue, or null to replay everything. */
    private long[] restoreSnapshot(CompactedTopic topic, long[] begin, long[] end) {
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
            } else if (header.nextOffsets().length != end.length) {
                why = "the partition count changed";
            } else {
                for (int p = 0; p < end.length; p++) {
                    long o = header.nextOffsets()[p];
                    if (o < begin[p] || o > end[p]) {
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

    private void snapshot(CompactedTopic topic, long[] nextOffsets) {
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
}

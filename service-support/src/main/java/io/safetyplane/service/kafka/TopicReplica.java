package io.safetyplane.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * Keeps a service's state equal to a {@link CompactedTopic}, on a thread of its own that starts and
 * stops with the application (or by {@link #start()} and {@link #stop()}); a subclass says what its
 * records do.
 *
 * <p>It reads every partition with {@code assign} (no consumer group: every replica needs every
 * record) and {@code read_committed}, so an aborted write is never seen. It is caught up once it
 * has applied everything up to the end offsets it saw when it started; after that it applies
 * changes live. A failure is reported and retried with back-off, from where it stopped once caught up.
 */
public abstract class TopicReplica {
    private final String name;
    private final Logger log;
    private final Supplier<CompactedTopic> topic;
    private final Map<String, Object> consumerConfig;
    private final Duration poll;
    private final Duration stopWait;
    private final Object progress = new Object();

    private volatile long[] applied = new long[0];
    private volatile long[] endAtStart;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile String failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param name names the thread ({@code <name>-replica}) and the failures logged to {@code log}
     * @param topic ensures the topic exists and describes it (see {@link CompactedTopic#ensure})
     * @param stopWait how long {@link #stop()} waits for the thread
     */
    protected TopicReplica(String name, Logger log, Supplier<CompactedTopic> topic, Map<String, Object> consumerConfig,
            Duration poll, Duration stopWait) {
        this.name = name;
        this.log = log;
        this.topic = topic;
        this.consumerConfig = consumerConfig;
        this.poll = poll;
        this.stopWait = stopWait;
    }

    /** For the CDI client proxies of normal-scoped subclasses only. */
    protected TopicReplica() {
        this(null, null, null, null, null, null);
    }

    /**
     * Called each time the replica starts reading. Unless it {@code resume}s (a retry after catching up, at the
     * offsets applied so far), forgets everything. Returns each partition's next offset, or null for the beginning.
     */
    protected abstract long[] startReading(CompactedTopic topic, long[] beginning, long[] end, long[] resume);

    /** Applies one poll's records; returns false while some of what was applied is not yet visible. */
    protected abstract boolean apply(ConsumerRecords<String, byte[]> records, boolean caughtUp);

    /** Makes everything read visible once the end offsets seen at start-up are reached, before {@link #caughtUp()} turns true. */
    protected abstract void catchUp(Duration took);

    /** Called after each poll once caught up, and a last time when stopping: where to save the state. */
    protected void checkpoint(long[] positions, boolean last) {
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
        thread = new Thread(this::run, name + "-replica");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops replicating; waits up to the {@code stopWait} it was given. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(stopWait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once every record that existed at start-up has been applied and made visible. */
    public boolean caughtUp() {
        return caughtUp;
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

    /** Waits until this replica has applied the records at {@code offsets} (partition → offset). */
    public boolean awaitApplied(Map<Integer, Long> offsets, Duration timeout) throws InterruptedException {
        Map<Integer, Long> next = new HashMap<>();
        offsets.forEach((p, o) -> next.put(p, o + 1));
        return awaitPositions(next, timeout);
    }

    /** Waits until this replica is caught up and has applied each partition up to {@code positions} (partition → next offset). */
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
        long[] now = applied;
        for (Map.Entry<Integer, Long> e : positions.entrySet()) {
            if (e.getKey() >= now.length || now[e.getKey()] < e.getValue()) {
                return false;
            }
        }
        return caughtUp;
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
                log.errorf(e, "%s replication failed; retrying in %d ms", name, backoff);
                closeConsumer();
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void replicate() {
        CompactedTopic t = topic.get();
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer = c;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < t.partitions(); p++) {
            partitions.add(new TopicPartition(t.name(), p));
        }
        c.assign(partitions);
        long[] beginning = offsets(c.beginningOffsets(partitions));
        long[] end = offsets(c.endOffsets(partitions));
        long[] from = startReading(t, beginning, end, caughtUp ? applied : null);
        for (int p = 0; p < end.length; p++) {
            c.seek(partitions.get(p), from == null || p >= from.length ? beginning[p] : from[p]);
        }
        if (!caughtUp) {
            endAtStart = end;
        }
        applied = positions(c, partitions);
        failure = null;
        long startedAt = System.nanoTime();
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = c.poll(poll);
            } catch (WakeupException e) {
                break; // stop() was called
            }
            boolean visible = apply(records, caughtUp);
            long[] now = positions(c, partitions);
            if (!caughtUp && reachedAll(now, end)) {
                catchUp(Duration.ofNanos(System.nanoTime() - startedAt));
                caughtUp = true;
                visible = true;
            }
            if (visible) {
                synchronized (progress) {
                    applied = now;
                    progress.notifyAll();
                }
            }
            if (caughtUp) {
                checkpoint(now, false);
            }
        }
        if (caughtUp) {
            checkpoint(positions(c, partitions), true);
        }
        closeConsumer();
    }

    private static long[] offsets(Map<TopicPartition, Long> offsets) {
        long[] a = new long[offsets.size()];
        offsets.forEach((tp, o) -> a[tp.partition()] = o);
        return a;
    }

    private static long[] positions(KafkaConsumer<?, ?> c, List<TopicPartition> partitions) {
        long[] now = new long[partitions.size()];
        for (int p = 0; p < now.length; p++) {
            now[p] = c.position(partitions.get(p));
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
                log.debug("closing consumer", e);
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

package io.safetyplane.classifier.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Dynamic micro-batching for one model: items wait in a bounded queue; a free worker takes the first
 * waiting item and every further item that arrives until the batch holds {@code maxBatchSize} items
 * or the first item has waited {@code maxWait}, runs them as one tensor, and completes each item's
 * future. Under load, batches fill from the queue without waiting; with {@code maxWait} 0 a worker takes
 * only the items already waiting. Several workers run batches of the same session at once. A full queue
 * refuses the item at once ({@link BatchRejectedException.Reason#QUEUE_FULL}), so that overload is
 * answered with 429 rather than with ever longer latency.
 */
public final class Batcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Batcher.class);

    /** One item's scores and what it cost. */
    public record Result(float[] scores, long queueNanos, long inferNanos, int batchSize) {
    }

    /** What the batcher reports to metrics. */
    public interface Observer {
        void batch(int size, long inferNanos);

        Observer NONE = (size, nanos) -> {
        };
    }

    private record Job(float[] input, long enqueuedNanos, CompletableFuture<Result> future) {
    }

    private final OnnxModel model;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final ArrayBlockingQueue<Job> queue;
    private final Observer observer;
    private final List<Thread> workers = new ArrayList<>();
    /** Held by the worker forming a batch; {@link #hold()} takes it so that no worker takes items. */
    private final Semaphore taking = new Semaphore(1);
    private volatile boolean running = true;

    public Batcher(OnnxModel model, int maxBatchSize, Duration maxWait, int queueCapacity, int workerCount, Observer observer) {
        this.model = model;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.observer = observer;
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "classifier-batch-" + model.spec().id() + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Workers when the configuration names none: on the CPU one per core of the container (with one intra-op
     * thread each, small models run most images per second so); on a GPU one, whose batches fill.
     */
    public static int defaultWorkers(boolean gpu) {
        return gpu ? 1 : Runtime.getRuntime().availableProcessors(); // follows the cgroup CPU quota
    }

    /**
     * Wait for company when the configuration names none: 0 on the CPU, where a batch costs about what its
     * items cost alone; 2 ms on a GPU, where a batch of 16 costs little more than one item.
     */
    public static Duration defaultMaxWait(boolean gpu) {
        return gpu ? Duration.ofMillis(2) : Duration.ZERO;
    }

    public OnnxModel model() {
        return model;
    }

    /** Items waiting. */
    public int queued() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /**
     * Queues one item ({@code model.spec().inputSize()} floats).
     *
     * @throws BatchRejectedException when the queue is full or the batcher is closing
     */
    public CompletableFuture<Result> submit(float[] input) {
        if (!running) {
            throw new BatchRejectedException(BatchRejectedException.Reason.SHUTTING_DOWN,
                    "the service is shutting down; send the item to another replica");
        }
        Job job = new Job(input, System.nanoTime(), new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw new BatchRejectedException(BatchRejectedException.Reason.QUEUE_FULL, "model " + model.spec().id() + " has "
                    + capacity() + " items waiting, its queue is full; retry shortly");
        }
        return job.future;
    }

    /**
     * Stops the workers from taking items until {@link #release()}; items queue up (and are refused once
     * the queue is full). Waits for a batch being formed. For maintenance and tests.
     */
    public void hold() throws InterruptedException {
        taking.acquire();
    }

    public void release() {
        taking.release();
    }

    private void work() {
        int size = model.spec().inputSize();
        FloatBuffer buffer = direct(size);
        List<Job> batch = new ArrayList<>(maxBatchSize);
        while (running || !queue.isEmpty()) {
            batch.clear();
            try {
                taking.acquire();
                try {
                    Job first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    long deadline = first.enqueuedNanos + maxWaitNanos;
                    while (batch.size() < maxBatchSize) {
                        long remaining = deadline - System.nanoTime();
                        Job next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                } finally {
                    taking.release();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            if (buffer.capacity() < batch.size() * size) { // grows with the largest batch this worker has run
                buffer = direct(batch.size() * size);
            }
            run(batch, buffer, size);
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void run(List<Job> batch, FloatBuffer buffer, int size) {
        int n = batch.size();
        long start = System.nanoTime();
        try {
            buffer.clear();
            for (Job j : batch) {
                buffer.put(j.input, 0, size);
            }
            float[][] scores = model.run(buffer, n);
            long inferNanos = System.nanoTime() - start;
            observer.batch(n, inferNanos);
            for (int i = 0; i < n; i++) {
                Job j = batch.get(i);
                j.future.complete(new Result(scores[i], start - j.enqueuedNanos, inferNanos, n));
            }
        } catch (Throwable t) {
            LOG.errorf(t, "model %s: a batch of %d items failed", model.spec().id(), n);
            for (Job j : batch) {
                j.future.completeExceptionally(t);
            }
        }
    }

    /** Refuses new items, finishes the queued ones (up to {@code timeout}), stops the workers. */
    public void drain(Duration timeout) {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Job left;
        while ((left = queue.poll()) != null) {
            left.future.completeExceptionally(new BatchRejectedException(BatchRejectedException.Reason.SHUTTING_DOWN,
                    "the service shut down before the item ran"));
        }
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(5));
        for (Thread t : workers) {
            t.interrupt();
        }
        model.close();
    }
}

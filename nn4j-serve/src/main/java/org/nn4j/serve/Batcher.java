package org.nn4j.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Dynamic batching for one model: requests wait in a bounded queue, and one inference thread gathers them into
 * batches of up to {@code maxBatch} samples, runs the model once per batch and hands each request its rows of the
 * output. Under load, requests that arrive while a batch runs make up the next one, so throughput grows with
 * load. The thread waits up to {@code maxDelay} for a batch to fill only while more requests are on their way
 * (accepted, body still being read: {@link #expect()}); a lone request never waits, and on an idle model runs on
 * its own thread. A full queue refuses at once (503) rather than letting memory grow.
 */
final class Batcher implements AutoCloseable {
    /** One request's samples and where its prediction goes. */
    private record Job(Instances x, CompletableFuture<Prediction> result) {
    }

    /**
     * A request's share of a batch's output: rows {@code [offset / outputs, …)} of {@code outputs}.
     *
     * @param outputs the whole batch's outputs, sample-major
     * @param offset where this request's first value is
     * @param version the model version that answered
     */
    record Prediction(float[] outputs, int offset, ModelVersion version) {
    }

    private static final long POLL_NANOS = 50_000_000;
    private final String name;
    private final Supplier<ModelVersion> current;
    private final ServerMetrics.ModelCounters counters;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final ArrayBlockingQueue<Job> queue;
    private final AtomicInteger arriving = new AtomicInteger();
    /** Requests expected and not yet answered: this one alone means the model is idle. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    /** Held while a batch runs: one batch at a time per model, on the inference thread or a lone caller's. */
    private final ReentrantLock inference = new ReentrantLock();
    private volatile boolean stopping;
    /** The inference thread holds requests: under load, new ones join its next batch rather than run alone. */
    private volatile boolean gathering;
    private Job holdover;

    Batcher(String name, Supplier<ModelVersion> current, ServerMetrics.ModelCounters counters, ServeOptions options) {
        this.name = name;
        this.current = current;
        this.counters = counters;
        this.maxBatch = options.maxBatch();
        this.maxDelayNanos = options.maxDelayMicros() * 1000;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.thread = new Thread(this::loop, "nn4j-inference-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A request for this model was accepted and its body is being read: a batch may wait for it. */
    void expect() {
        inFlight.incrementAndGet();
        arriving.incrementAndGet();
    }

    /** An expected request has been answered, whatever the answer. */
    void done() {
        inFlight.decrementAndGet();
    }

    /** An expected request's body has been read and parsed (or has failed): the batch no longer waits for it. */
    void arrived() {
        arriving.decrementAndGet();
    }

    /**
     * Queues a request, or runs it at once on the calling thread when it is the only request in flight for this
     * model and no batch is gathered or running: a lone request then pays for no hand-over to the inference thread
     * and back, while under load every request goes through the queue and is batched.
     * Refuses with 503 when the queue is full.
     */
    CompletableFuture<Prediction> submit(Instances x) {
        CompletableFuture<Prediction> result = new CompletableFuture<>();
        Job job = new Job(x, result);
        if (!stopping && inFlight.get() <= 1 && !gathering && queue.isEmpty() && x.n() <= maxBatch
                && inference.tryLock()) {
            try {
                run(List.of(job), x.n());
            } finally {
                inference.unlock();
            }
            return result;
        }
        if (stopping || !queue.offer(job)) {
            throw new HttpError(503, stopping ? "the server is shutting down" : "model '" + name + "' is overloaded: "
                    + queue.size() + " requests are waiting; retry later");
        }
        return result;
    }

    int waiting() {
        return queue.size();
    }

    private void loop() {
        List<Job> batch = new ArrayList<>();
        try {
            while (!stopping || holdover != null || !queue.isEmpty()) {
                Job first = holdover != null ? holdover : queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                holdover = null;
                if (first == null || first.result.isDone()) {
                    continue;
                }
                batch.add(first);
                gathering = true;
                int rows = gather(batch, first.x.n());
                inference.lock();
                try {
                    run(batch, rows);
                } finally {
                    inference.unlock();
                    gathering = false;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds queued jobs to the batch up to maxBatch samples; returns the samples in it. */
    private int gather(List<Job> batch, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + maxDelayNanos;
        while (rows < maxBatch) {
            Job next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (arriving.get() <= 0 || wait <= 0 || stopping) {
                    break;
                }
                // in slices, so that a stop does not wait out a long delay
                next = queue.poll(Math.min(wait, POLL_NANOS), TimeUnit.NANOSECONDS);
                if (next == null) {
                    continue;
                }
            }
            if (next.result.isDone()) {
                continue;
            }
            if (rows + next.x.n() > maxBatch) {
                holdover = next;
                break;
            }
            batch.add(next);
            rows += next.x.n();
        }
        return rows;
    }

    private void run(List<Job> batch, int rows) {
        ModelVersion version = current.get();
        int width = version.width();
        float[] x;
        if (batch.size() == 1) {
            x = batch.get(0).x.values();
        } else {
            x = new float[rows * width];
            int at = 0;
            for (Job job : batch) {
                System.arraycopy(job.x.values(), 0, x, at, job.x.values().length);
                at += job.x.values().length;
            }
        }
        counters.batches.observe(rows);
        float[] out;
        try {
            out = version.predict(x, rows);
        } catch (RuntimeException e) {
            HttpError failed = new HttpError(500, "inference failed: " + e.getMessage());
            batch.forEach(job -> job.result.completeExceptionally(failed));
            return;
        }
        int offset = 0;
        for (Job job : batch) {
            job.result.complete(new Prediction(out, offset, version));
            offset += job.x.n() * version.outputs();
        }
    }

    /** Stops taking requests, answers those queued, and waits for the inference thread to end. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join();
    }
}

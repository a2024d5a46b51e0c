package org.nn4j.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that share out the parts of one task at a time with the calling thread. Handing
 * out a task allocates nothing (unlike an {@code ExecutorService}, which wraps each submission in a future), so a
 * training step that runs parallel kernels stays allocation-free.
 *
 * <p>Parts are claimed, not assigned: the caller and every awake worker take the next unclaimed part until none
 * is left. A worker that the operating system has not yet woken (or has pre-empted on a loaded machine) therefore
 * never holds the caller up: the caller does that part itself. Which thread runs a part must not change its
 * result, and the kernels are written so that it does not.
 *
 * <p>Idle workers poll for new work for {@link #SPIN_NANOS}, yielding the processor between polls (as OpenBLAS's
 * threads do), then park; the caller wakes parked workers. Waking a parked thread costs tens of microseconds, so
 * the polling keeps the hand-over of back-to-back kernels short without holding a core for long.
 */
final class WorkerPool implements AutoCloseable {
    /** How long an idle worker polls before parking. */
    static final long SPIN_NANOS = 50_000;

    private final int size;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    // The task being run and its part count are written while no worker is reading them (writing is set and
    // active is zero: a Dekker-style hand-shake) and published by the volatile generation.
    private Parallel.Task task;
    private int parts;
    private volatile long generation;
    private volatile boolean writing;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread waiting;
    private volatile boolean closed;

    /** A pool of {@code size} threads in all: the caller and {@code size - 1} workers. */
    WorkerPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 thread, got " + size);
        }
        this.size = size;
        workers = new Thread[size - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread worker = new Thread(this::work, name + "-" + (i + 1));
            worker.setDaemon(true);
            workers[i] = worker;
            worker.start();
        }
    }

    /** Threads in all, the caller included. */
    int size() {
        return size;
    }

    /**
     * Runs every part of {@code task} and returns when all have finished, rethrowing the first failure. The pool
     * serves one caller at a time: a caller that finds it busy (another thread's kernel, or a part of this very
     * task asking for more parallelism) or closed runs all parts itself.
     */
    void run(Parallel.Task task, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        if (parts == 1 || workers.length == 0 || closed || !busy.compareAndSet(false, true)) {
            for (int part = 0; part < parts; part++) {
                task.run(part, parts);
            }
            return;
        }
        try {
            writing = true;
            while (active.get() > 0) {
                // workers leaving the previous task, their last claims refused
                Thread.yield();
            }
            this.task = task;
            this.parts = parts;
            failure.set(null);
            unfinished.set(parts);
            next.set(0);
            waiting = Thread.currentThread();
            generation++;
            writing = false;
            // as many workers as there are parts beside the caller's: a task of few parts on a large pool leaves the
            // other workers asleep rather than waking them all to find nothing left
            for (int i = 0, wake = Math.min(workers.length, parts - 1); i < wake; i++) {
                LockSupport.unpark(workers[i]);
            }
            claimParts(task, parts);
            awaitParts();
            this.task = null;
            waiting = null;
            Throwable thrown = failure.getAndSet(null);
            if (thrown instanceof RuntimeException r) {
                throw r;
            }
            if (thrown instanceof Error e) {
                throw e;
            }
        } finally {
            busy.set(false);
        }
    }

    /** Runs unclaimed parts until none is left; a failure is kept for the caller and the remaining parts still run. */
    private void claimParts(Parallel.Task current, int count) {
        for (int part = next.getAndIncrement(); part < count; part = next.getAndIncrement()) {
            try {
                current.run(part, count);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            if (unfinished.decrementAndGet() == 0) {
                Thread caller = waiting;
                if (caller != null && caller != Thread.currentThread()) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Waits for parts that workers claimed but have not finished: polls briefly, then parks. */
    private void awaitParts() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (unfinished.get() > 0) {
            if (System.nanoTime() < deadline) {
                Thread.yield();
            } else {
                // Interrupts are left pending for the caller: a part in a worker cannot be abandoned.
                LockSupport.park(this);
            }
        }
    }

    private void work() {
        long seen = 0;
        while (!closed) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < deadline) {
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            active.incrementAndGet();
            try {
                // Read the task only if the caller is not replacing it and it is the one this worker woke for.
                Parallel.Task current = task;
                if (!writing && generation == seen && current != null) {
                    claimParts(current, parts);
                }
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /** Stops the workers once they are idle; a closed pool runs new tasks in the calling thread alone. */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}

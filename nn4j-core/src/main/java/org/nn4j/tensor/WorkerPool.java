package org.nn4j.tensor;

/**
 * A fixed set of daemon threads that run the parts of one task at a time, the calling thread taking part 0.
 * Handing out a task allocates nothing (unlike an {@code ExecutorService}, which wraps each submission in a
 * future), so a training step that multiplies matrices stays allocation-free.
 */
final class WorkerPool implements AutoCloseable {
    /** Work split into parts; {@code run(part, parts)} is called once for each part, concurrently. */
    interface Task {
        void run(int part, int parts);
    }

    private final int size;
    private final Object callers = new Object();
    // Guarded by this: the task being run, how many parts it has, a counter that tells workers a new task
    // has arrived, how many worker parts are still running, and the first failure among them.
    private Task task;
    private int parts;
    private long generation;
    private int running;
    private Throwable failure;
    private boolean closed;

    /** A pool of {@code size} threads in all: the caller and {@code size - 1} workers. */
    WorkerPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 thread, got " + size);
        }
        this.size = size;
        for (int part = 1; part < size; part++) {
            int own = part;
            Thread worker = new Thread(() -> work(own), name + "-" + part);
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** Threads in all, the caller included. */
    int size() {
        return size;
    }

    /**
     * Runs every part of {@code task}, {@code parts <= size()} of them, and returns when all have finished,
     * rethrowing the first failure. Callers from several threads take turns.
     */
    void run(Task task, int parts) {
        if (parts < 1 || parts > size) {
            throw new IllegalArgumentException("parts must be in [1, " + size + "], got " + parts);
        }
        synchronized (callers) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("worker pool is closed");
                }
                this.task = task;
                this.parts = parts;
                running = parts - 1;
                failure = null;
                generation++;
                notifyAll();
            }
            Throwable own = null;
            try {
                task.run(0, parts);
            } catch (RuntimeException | Error e) {
                own = e;
            }
            Throwable first = awaitWorkers();
            if (own == null) {
                own = first;
            } else if (first != null) {
                own.addSuppressed(first);
            }
            if (own instanceof RuntimeException r) {
                throw r;
            }
            if (own instanceof Error e) {
                throw e;
            }
        }
    }

    /** Waits, uninterruptibly (a worker cannot be stopped mid-part), until the workers' parts are done. */
    private synchronized Throwable awaitWorkers() {
        boolean interrupted = false;
        while (running > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        task = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            Task current;
            int count;
            synchronized (this) {
                while (generation == seen && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // Only close() stops a worker: one that left on an interrupt would never finish the
                        // part a caller may just have handed it, and that caller would wait for ever.
                        continue;
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                current = task;
                count = parts;
            }
            if (part >= count) {
                continue;
            }
            Throwable thrown = null;
            try {
                current.run(part, count);
            } catch (RuntimeException | Error e) {
                thrown = e;
            }
            synchronized (this) {
                if (thrown != null && failure == null) {
                    failure = thrown;
                }
                if (--running == 0) {
                    notifyAll();
                }
            }
        }
    }

    /** Stops the workers once they are idle; a closed pool refuses new tasks. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}

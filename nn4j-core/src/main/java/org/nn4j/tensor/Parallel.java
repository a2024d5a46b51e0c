package org.nn4j.tensor;

/**
 * How many threads nn4j computes on, and the pool its own kernels share: the pure-Java GEMM, the Adam update,
 * batch gathering and element-wise work on large tensors. The count is {@link Runtime#availableProcessors()}
 * unless the system property {@value #THREADS_PROPERTY} or {@link #setThreads} says otherwise ({@code nn --threads}
 * calls it). The same count bounds OpenBLAS's threads: each native product is given as many of them as its work fills
 * ({@link Backend}), so no environment variable is needed.
 *
 * <p>Kernels split work into parts whose results do not depend on which thread runs them, so a run with a given
 * thread count is repeatable bit for bit.
 */
public final class Parallel {
    /** System property giving the thread count at start-up. */
    public static final String THREADS_PROPERTY = "nn4j.threads";

    private static volatile WorkerPool pool = new WorkerPool(initialThreads(), "nn4j");

    private Parallel() {
    }

    /** Threads nn4j's kernels use, the calling thread included. */
    /** A computation cut into parts that may run at once; part i of n does its share of the work. */
    @FunctionalInterface
    public interface Task {
        /** Does part {@code part} of {@code parts}. */
        void run(int part, int parts);
    }

    public static int threads() {
        return pool.size();
    }

    /** Uses {@code threads} threads from now on; call it between computations, not during one. */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the thread count must be at least 1, got " + threads);
        }
        if (threads != pool.size()) {
            WorkerPool old = pool;
            pool = new WorkerPool(threads, "nn4j");
            old.close();
        }
    }

    static WorkerPool pool() {
        return pool;
    }

    /**
     * Runs {@code task} in {@code parts} parts on the pool; with one part, or a pool of one thread, in the calling
     * thread alone.
     */
    public static void run(Task task, int parts) {
        pool.run(task, parts);
    }

    /**
     * How many parts to cut {@code size} elements into so that each part has at least {@code grain} of them: up to
     * twice the thread count, so that a thread the operating system wakes late finds a part left to take.
     */
    static int parts(long size, long grain) {
        int threads = pool.size();
        if (threads == 1 || size < 2 * grain) {
            return 1;
        }
        return (int) Math.min(2L * threads, size / grain);
    }

    /** The start of part {@code part} of {@code parts} over {@code size} elements, a multiple of 16 inside. */
    static int start(int size, int part, int parts) {
        if (part >= parts) {
            return size;
        }
        return Math.min(size, (int) ((long) size * part / parts) & ~15);
    }

    private static int initialThreads() {
        String setting = System.getProperty(THREADS_PROPERTY);
        if (setting == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(setting.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " must be a positive integer, got \""
                    + setting + "\"", e);
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " must be a positive integer, got " + setting);
    }
}

package org.nn4j.tensor;

/**
 * A kernel over a range of rows or elements that {@link Parallel}'s threads share: each part is a contiguous range
 * whose bounds depend only on the size and the part count, so a result never depends on which thread ran it.
 * Kernels keep one instance per calling thread, fill in its operands, {@link #runIn} it and clear it: handing
 * work to the threads allocates nothing.
 */
abstract class RangeTask implements Parallel.Task {
    private int size;

    /** Computes elements (or rows) {@code from .. to − 1}. */
    abstract void range(int from, int to);

    /** Forgets the operands, so that an idle task keeps no tensor reachable. */
    abstract void clear();

    @Override
    public final void run(int part, int parts) {
        range(Parallel.start(size, part, parts), Parallel.start(size, part + 1, parts));
    }

    /** Runs over {@code 0 .. size − 1} in parts of at least {@code grain} (in the calling thread if small), then clears. */
    final void runIn(int size, long grain) {
        this.size = size;
        try {
            Parallel.run(this, Parallel.parts(size, grain));
        } finally {
            clear();
        }
    }
}

package org.nn4j.tensor;

/**
 * Rows of doubles, per thread, for kernels that reduce over rows or stage a row in double: allocated when a thread
 * first needs that many and reused after, so the kernels allocate nothing in steady state. Accumulating in double
 * keeps the float32 and float64 kernels, generated from one source, summing in the same precision; and a float32
 * row widened into double before {@code Math.exp} runs the exponential 2.5 times faster than converting each value
 * in the call (about 10 ns against 25 here: the conversion ties every call to the previous one's result register).
 */
final class ColumnScratch {
    static final int SLOTS = 2;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    private ColumnScratch() {
    }

    /**
     * This thread's scratch number {@code slot} (0 .. {@link #SLOTS} − 1) of at least {@code n} values; its contents
     * are left over from the last use.
     */
    static double[] of(int slot, int n) {
        double[][] holder = SCRATCH.get();
        if (holder[slot].length < n) {
            holder[slot] = new double[n];
        }
        return holder[slot];
    }
}

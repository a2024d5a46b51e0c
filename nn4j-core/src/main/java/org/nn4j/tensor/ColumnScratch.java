package org.nn4j.tensor;

/**
 * One double per column, per thread, for kernels that reduce over rows: allocated when a thread first needs that many
 * and reused after, so the kernels allocate nothing in steady state. Accumulating in double keeps the float32 and
 * float64 kernels, generated from one source, summing in the same precision.
 */
final class ColumnScratch {
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    private ColumnScratch() {
    }

    /** This thread's scratch of at least {@code n} values (its contents are left over from the last use). */
    static double[] of(int n) {
        double[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new double[n];
        }
        return holder[0];
    }
}

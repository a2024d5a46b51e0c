package org.nn4j.tensor;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The float64 kernels, and the single source of the float32 ones: the build generates {@code FloatKernels} from
 * this file by turning {@code double[]} into {@code float[]}, {@code (double)} casts into {@code (float)} casts and
 * {@code dgemm} into {@code sgemm}. Every store of a computed value therefore carries a {@code (double)} cast;
 * scalars and accumulators stay double in both precisions.
 */
final class DoubleKernels implements Kernels {
    static final DoubleKernels INSTANCE = new DoubleKernels();
    /** Elements (or, for row kernels, about that many) below which splitting work across threads does not pay. */
    static final int PARALLEL_GRAIN = 1 << 15;
    private static final ThreadLocal<AdamStep> ADAM = ThreadLocal.withInitial(AdamStep::new);
    private static final ThreadLocal<Gather> GATHER = ThreadLocal.withInitial(Gather::new);
    private static final ThreadLocal<BiasLeakyRelu> BIAS_LEAKY_RELU = ThreadLocal.withInitial(BiasLeakyRelu::new);
    private static final ThreadLocal<SoftmaxRows> SOFTMAX_ROWS = ThreadLocal.withInitial(SoftmaxRows::new);
    private static final ThreadLocal<LeakyReluPass> LEAKY_RELU_PASS = ThreadLocal.withInitial(LeakyReluPass::new);
    private static final ThreadLocal<BatchNormPass> BATCH_NORM_PASS = ThreadLocal.withInitial(BatchNormPass::new);

    private DoubleKernels() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        int k = transA ? a.rows() : a.cols();
        Backend.gemm().dgemm(transA, transB, c.rows(), c.cols(), k, (double) alpha,
                a.doubles(), a.offset(), a.cols(), b.doubles(), b.offset(), b.cols(),
                (double) beta, c.doubles(), c.offset(), c.cols());
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aColumn,
                     Tensor b, int bColumn, double beta, Tensor c, int cColumn) {
        Backend.gemm().dgemm(transA, transB, m, n, k, (double) alpha, a.doubles(), a.offset() + aColumn, a.cols(),
                b.doubles(), b.offset() + bColumn, b.cols(), (double) beta, c.doubles(), c.offset() + cColumn,
                c.cols());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        int n = src.size();
        int so = src.offset();
        int dOff = dst.offset();
        if (src.dtype() == DType.F64) {
            System.arraycopy(src.doubles(), so, dst.doubles(), dOff, n);
            return;
        }
        double[] out = dst.doubles();
        for (int i = 0; i < n; i++) {
            out[dOff + i] = (double) src.getFlat(i);
        }
    }

    @Override
    public void fill(Tensor t, double value) {
        double[] x = t.doubles();
        java.util.Arrays.fill(x, t.offset(), t.offset() + t.size(), (double) value);
    }

    @Override
    public void fill(Tensor t, DoubleSupplier values) {
        double[] x = t.doubles();
        int end = t.offset() + t.size();
        for (int i = t.offset(); i < end; i++) {
            x[i] = (double) values.getAsDouble();
        }
    }

    @Override
    public void addColumnVector(Tensor z, Tensor b) {
        double[] zd = z.doubles();
        double[] bd = b.doubles();
        int cols = z.cols();
        for (int r = 0; r < z.rows(); r++) {
            // the element type: a float32 sum stays in float32 (exactly the rounded double sum) and vectorises
            var br = bd[b.offset() + r];
            int row = z.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                zd[row + c] = (double) (zd[row + c] + br);
            }
        }
    }

    @Override
    public void fillRows(Tensor z, Tensor b) {
        double[] zd = z.doubles();
        double[] bd = b.doubles();
        int cols = z.cols();
        for (int r = 0; r < z.rows(); r++) {
            System.arraycopy(bd, b.offset(), zd, z.offset() + r * cols, cols);
        }
    }

    @Override
    public void rowSums(Tensor x, double alpha, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            // four running sums, so that each addition need not wait for the one before
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int c = 0;
            for (; c + 4 <= cols; c += 4) {
                s0 += xd[row + c];
                s1 += xd[row + c + 1];
                s2 += xd[row + c + 2];
                s3 += xd[row + c + 3];
            }
            for (; c < cols; c++) {
                s0 += xd[row + c];
            }
            od[out.offset() + r] = (double) (alpha * ((s0 + s1) + (s2 + s3)));
        }
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        double[] xd = x.doubles();
        double[] yd = y.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int yo = y.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) (alpha * xd[xo + i] + beta * yd[yo + i]);
        }
    }

    @Override
    public void multiply(Tensor x, Tensor y, Tensor out) {
        double[] xd = x.doubles();
        double[] yd = y.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int yo = y.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) (xd[xo + i] * yd[yo + i]);
        }
    }

    @Override
    public void map(Tensor x, DoubleUnaryOperator f, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) f.applyAsDouble(xd[xo + i]);
        }
    }

    @Override
    public void mapBackward(Tensor z, Tensor a, Tensor grad, Derivative g, Tensor out) {
        double[] zd = z.doubles();
        double[] ad = a.doubles();
        double[] gd = grad.doubles();
        double[] od = out.doubles();
        int zo = z.offset();
        int ao = a.offset();
        int go = grad.offset();
        int oo = out.offset();
        for (int i = 0, n = z.size(); i < n; i++) {
            od[oo + i] = (double) (gd[go + i] * g.at(zd[zo + i], ad[ao + i]));
        }
    }

    @Override
    public void softmaxColumns(Tensor z, Tensor a) {
        double[] zd = z.doubles();
        double[] ad = a.doubles();
        int rows = z.rows();
        int cols = z.cols();
        int zo = z.offset();
        int ao = a.offset();
        if (rows == 0 || cols == 0) {
            return;
        }
        // Row by row, so that every pass reads memory in order (a column's units lie a row apart); a may be z itself.
        // The column maxima, then sums, are kept in double, so that z − max is exact in float32 as well.
        var columns = ColumnScratch.of(0, cols);
        var row = ColumnScratch.of(1, cols);
        for (int c = 0; c < cols; c++) {
            columns[c] = zd[zo + c];
        }
        for (int r = 1; r < rows; r++) {
            for (int c = 0, zr = zo + r * cols; c < cols; c++) {
                columns[c] = Math.max(columns[c], zd[zr + c]);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0, zr = zo + r * cols; c < cols; c++) {
                row[c] = zd[zr + c] - columns[c];
            }
            for (int c = 0; c < cols; c++) {
                row[c] = Math.exp(row[c]);
            }
            for (int c = 0, ar = ao + r * cols; c < cols; c++) {
                ad[ar + c] = (double) row[c];
            }
        }
        for (int c = 0; c < cols; c++) {
            columns[c] = ad[ao + c];
        }
        for (int r = 1; r < rows; r++) {
            for (int c = 0, ar = ao + r * cols; c < cols; c++) {
                columns[c] += ad[ar + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            columns[c] = 1.0 / columns[c];
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0, ar = ao + r * cols; c < cols; c++) {
                ad[ar + c] = (double) (ad[ar + c] * columns[c]);
            }
        }
    }

    @Override
    public void softmaxRows(Tensor z, Tensor a) {
        SoftmaxRows task = SOFTMAX_ROWS.get();
        task.z = z;
        task.a = a;
        // an exponential costs as much as a few dozen additions: parts of a few thousand of them
        task.runIn(z.rows(), Math.max(1, (PARALLEL_GRAIN / 8) / Math.max(1, z.cols())));
    }

    /**
     * a[r, :] = softmax(z[r, :]) on a range of rows, in the arithmetic of {@link #softmaxColumns} (maximum and sum in
     * double, the sum in the order of the units), so that a sample's probabilities do not depend on the layout.
     */
    private static final class SoftmaxRows extends RangeTask {
        /** Values staged per block of rows: the exponential then runs in one long loop rather than one per row. */
        private static final int BLOCK_VALUES = 1024;
        private Tensor z;
        private Tensor a;

        @Override
        void range(int from, int to) {
            double[] zd = z.doubles();
            double[] ad = a.doubles();
            int cols = z.cols();
            if (cols == 0) {
                return;
            }
            int block = Math.max(1, BLOCK_VALUES / cols);
            var values = ColumnScratch.of(0, block * cols);
            var maxima = ColumnScratch.of(1, block);
            for (int first = from; first < to; first += block) {
                int rows = Math.min(block, to - first);
                int zs = z.offset() + first * cols;
                int as = a.offset() + first * cols;
                for (int r = 0; r < rows; r++) {
                    double max = zd[zs + r * cols];
                    for (int c = 1; c < cols; c++) {
                        max = Math.max(max, zd[zs + r * cols + c]);
                    }
                    maxima[r] = max;
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        values[r * cols + c] = zd[zs + r * cols + c] - maxima[r];
                    }
                }
                for (int i = 0; i < rows * cols; i++) {
                    values[i] = Math.exp(values[i]);
                }
                for (int i = 0; i < rows * cols; i++) {
                    ad[as + i] = (double) values[i];
                }
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += ad[as + r * cols + c];
                    }
                    double inverse = 1.0 / sum;
                    for (int c = 0; c < cols; c++) {
                        ad[as + r * cols + c] = (double) (ad[as + r * cols + c] * inverse);
                    }
                }
            }
        }

        @Override
        void clear() {
            z = a = null;
        }
    }

    @Override
    public void softmaxBackward(Tensor a, Tensor dA, Tensor dZ) {
        double[] ad = a.doubles();
        double[] gd = dA.doubles();
        double[] od = dZ.doubles();
        int rows = a.rows();
        int cols = a.cols();
        for (int c = 0; c < cols; c++) {
            double dot = 0;
            for (int r = 0; r < rows; r++) {
                dot += ad[a.offset() + r * cols + c] * gd[dA.offset() + r * cols + c];
            }
            for (int r = 0; r < rows; r++) {
                double ar = ad[a.offset() + r * cols + c];
                od[dZ.offset() + r * cols + c] = (double) (ar * (gd[dA.offset() + r * cols + c] - dot));
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(Tensor z, Tensor y, Tensor w) {
        double[] zd = z.doubles();
        double[] yd = y.doubles();
        int rows = z.rows();
        int cols = z.cols();
        double total = 0;
        for (int c = 0; c < cols; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, zd[z.offset() + r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp(zd[z.offset() + r * cols + c] - max);
            }
            double logSumExp = max + Math.log(sum);
            double sample = 0;
            for (int r = 0; r < rows; r++) {
                double yr = yd[y.offset() + r * cols + c];
                if (yr != 0) {
                    sample += yr * (logSumExp - zd[z.offset() + r * cols + c]);
                }
            }
            total += weight(w, c) * sample;
        }
        return total;
    }

    @Override
    public double sigmoidCrossEntropy(Tensor z, Tensor y, Tensor w) {
        double[] zd = z.doubles();
        double[] yd = y.doubles();
        int cols = z.cols();
        double total = 0;
        for (int i = 0, n = z.size(); i < n; i++) {
            double zi = zd[z.offset() + i];
            total += weight(w, i % cols)
                    * (Math.max(zi, 0) - zi * yd[y.offset() + i] + Math.log1p(Math.exp(-Math.abs(zi))));
        }
        return total;
    }

    @Override
    public double squaredError(Tensor a, Tensor y, Tensor w) {
        double[] ad = a.doubles();
        double[] yd = y.doubles();
        int cols = a.cols();
        double total = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            double e = ad[a.offset() + i] - yd[y.offset() + i];
            total += weight(w, i % cols) * e * e;
        }
        return total;
    }

    /** The weight of sample c, 1 when there are no weights. */
    private static double weight(Tensor w, int c) {
        return w == null ? 1 : w.doubles()[w.offset() + c];
    }

    @Override
    public void scaleColumns(Tensor x, Tensor s) {
        double[] xd = x.doubles();
        double[] sd = s.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                xd[row + c] = (double) (xd[row + c] * sd[s.offset() + c]);
            }
        }
    }

    @Override
    public double sum(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            s += xd[i];
        }
        return s;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            double xi = xd[i];
            s += xi * xi;
        }
        return s;
    }

    @Override
    public double maxAbs(Tensor x) {
        double[] xd = x.doubles();
        double m = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            double v = Math.abs(xd[i]);
            if (!(v <= m)) {
                m = v;
                if (Double.isNaN(v)) {
                    return v;
                }
            }
        }
        return m;
    }

    @Override
    public double sumAbs(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            s += Math.abs(xd[i]);
        }
        return s;
    }

    @Override
    public void clamp(Tensor x, double limit) {
        double[] xd = x.doubles();
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            xd[i] = (double) Math.max(-limit, Math.min(limit, xd[i]));
        }
    }

    @Override
    public void addPenaltyGradient(Tensor w, double l1, double l2, Tensor grad) {
        double[] wd = w.doubles();
        double[] gd = grad.doubles();
        int wo = w.offset();
        int go = grad.offset();
        for (int i = 0, n = w.size(); i < n; i++) {
            double wi = wd[wo + i];
            gd[go + i] = (double) (gd[go + i] + l1 * Math.signum(wi) + 2 * l2 * wi);
        }
    }

    @Override
    public void clipRowNorms(Tensor w, double max) {
        double[] wd = w.doubles();
        int cols = w.cols();
        for (int r = 0; r < w.rows(); r++) {
            int row = w.offset() + r * cols;
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                squares += wd[row + c] * wd[row + c];
            }
            double norm = Math.sqrt(squares);
            if (norm > max) {
                double scale = max / norm;
                for (int c = 0; c < cols; c++) {
                    wd[row + c] = (double) (wd[row + c] * scale);
                }
            }
        }
    }

    @Override
    public void dropoutMask(Tensor mask, long key, double rate, double scale) {
        double[] md = mask.doubles();
        int o = mask.offset();
        // keep (scale) where uniform(key, i) ≥ rate, i.e. bits ≥ ⌈rate·2^53⌉; the sign of bits − threshold says
        // which, without a conditional
        long threshold = (long) Math.ceil(rate * 0x1.0p53);
        var keep = (double) scale;
        for (int i = 0, n = mask.size(); i < n; i++) {
            long dropped = (Noise.bits(key, i) - threshold) >>> 63;
            md[o + i] = (double) (keep * (1 - dropped));
        }
    }

    @Override
    public void rowMoments(Tensor x, Tensor mean, Tensor var) {
        batchNormPass(BatchNormStep.MOMENTS, x, null, mean, var, 0, null, null, null);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor var, double eps, Tensor gamma, Tensor beta,
                                 Tensor xhat, Tensor y) {
        batchNormPass(BatchNormStep.FORWARD, x, xhat, mean, var, eps, gamma, beta, y);
    }

    @Override
    public void batchNormBackward(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor dGamma,
                                  Tensor dBeta, Tensor dX) {
        batchNormPass(BatchNormStep.BACKWARD, g, xhat, dGamma, var, eps, gamma, dBeta, dX);
    }

    @Override
    public void batchNormInputGradient(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor meanGxhat,
                                       Tensor meanG, Tensor dX) {
        batchNormPass(BatchNormStep.INPUT_GRADIENT, g, xhat, meanGxhat, var, eps, gamma, meanG, dX);
    }

    /** Runs one step of batch normalisation over the rows of x in parallel; out is y forward, dX backward. */
    private static void batchNormPass(BatchNormStep step, Tensor x, Tensor xhat, Tensor first, Tensor var, double eps,
                                      Tensor gamma, Tensor second, Tensor out) {
        BatchNormPass task = BATCH_NORM_PASS.get();
        task.step = step;
        task.x = x;
        task.xhat = xhat;
        task.first = first;
        task.var = var;
        task.eps = eps;
        task.gamma = gamma;
        task.second = second;
        task.out = out;
        task.runIn(x.rows(), Math.max(1, PARALLEL_GRAIN / Math.max(1, x.cols())));
    }

    /** The steps of batch normalisation, each computed row by row (a row: one feature or channel). */
    private enum BatchNormStep {
        /** first = the mean of x's row, var = its (biased) variance, in two passes. */
        MOMENTS,
        /** xhat = (x − first)/√(var + ε), y = γ·xhat + second (second = β). */
        FORWARD,
        /** first = mean(g·xhat) = dγ, second = mean(g) = dβ (per sample), then INPUT_GRADIENT. */
        BACKWARD,
        /** dX = γ/√(var + ε)·(g − second − xhat·first), with first = mean(g·xhat), second = mean(g). */
        INPUT_GRADIENT
    }

    /**
     * One {@link BatchNormStep} on a range of rows; x is g and out is dX for the backward steps, y forward. Each
     * row's loops are methods of their own (see {@link LeakyReluPass}); the arithmetic of a row's elements is in
     * the element type, the sums over a row in double.
     */
    private static final class BatchNormPass extends RangeTask {
        private BatchNormStep step;
        private Tensor x;
        private Tensor xhat;
        private Tensor first;
        private Tensor var;
        private double eps;
        private Tensor gamma;
        private Tensor second;
        private Tensor out;

        @Override
        void range(int from, int to) {
            double[] xd = x.doubles();
            int cols = x.cols();
            for (int r = from; r < to; r++) {
                int row = x.offset() + r * cols;
                if (step == BatchNormStep.MOMENTS) {
                    double mu = rowSum(xd, row, cols) / cols;
                    first.doubles()[first.offset() + r] = (double) mu;
                    var.doubles()[var.offset() + r] = (double) (rowSquares(xd, row, cols, mu) / cols);
                    continue;
                }
                double inv = 1 / Math.sqrt(var.doubles()[var.offset() + r] + eps);
                double g = gamma.doubles()[gamma.offset() + r];
                int hRow = xhat.offset() + r * cols;
                if (step == BatchNormStep.FORWARD) {
                    normalizeRow(xd, row, xhat.doubles(), hRow, out.doubles(), out.offset() + r * cols, cols,
                            first.doubles()[first.offset() + r], inv, g, second.doubles()[second.offset() + r]);
                    continue;
                }
                if (step == BatchNormStep.BACKWARD) {
                    first.doubles()[first.offset() + r] = (double) (rowDot(xd, row, xhat.doubles(), hRow, cols) / cols);
                    second.doubles()[second.offset() + r] = (double) (rowSum(xd, row, cols) / cols);
                }
                inputGradientRow(xd, row, xhat.doubles(), hRow, out.doubles(), out.offset() + r * cols, cols, g * inv,
                        second.doubles()[second.offset() + r], first.doubles()[first.offset() + r]);
            }
        }

        @Override
        void clear() {
            x = xhat = first = var = gamma = second = out = null;
        }
    }

    /** Σ x[o .. o + n), with four running sums so that the adds do not wait on each other. */
    private static double rowSum(double[] x, int o, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[o + i];
            s1 += x[o + i + 1];
            s2 += x[o + i + 2];
            s3 += x[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (x[o .. o + n) − mu)², as {@link #rowSum}. */
    private static double rowSquares(double[] x, int o, int n, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double d0 = x[o + i] - mu;
            double d1 = x[o + i + 1] - mu;
            double d2 = x[o + i + 2] - mu;
            double d3 = x[o + i + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            double d = x[o + i] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a[ao + i]·b[bo + i] for i &lt; n, as {@link #rowSum}. */
    private static double rowDot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += (double) a[ao + i] * b[bo + i];
            s1 += (double) a[ao + i + 1] * b[bo + i + 1];
            s2 += (double) a[ao + i + 2] * b[bo + i + 2];
            s3 += (double) a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += (double) a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * h = (x − mean)·inv and y = γ·h + β over a row of n, in the element type (xhat and y may be one array); one
     * index for the three when they start at the same place (see {@link #leakyReluRange(double[], double[], int, int,
     * double)}).
     */
    private static void normalizeRow(double[] xd, int xo, double[] hd, int ho, double[] yd, int yo, int n,
                                     double mean, double inv, double gamma, double beta) {
        if (xo == ho && xo == yo) {
            for (int i = xo; i < xo + n; i++) {
                normalizeAt(xd, i, hd, i, yd, i, mean, inv, gamma, beta);
            }
        } else {
            for (int i = 0; i < n; i++) {
                normalizeAt(xd, xo + i, hd, ho + i, yd, yo + i, mean, inv, gamma, beta);
            }
        }
    }

    private static void normalizeAt(double[] xd, int xi, double[] hd, int hi, double[] yd, int yi, double mean,
                                    double inv, double gamma, double beta) {
        var h = (double) ((xd[xi] - (double) mean) * (double) inv);
        hd[hi] = h;
        yd[yi] = (double) ((double) gamma * h + (double) beta);
    }

    /** dX = k·(g − mg − xhat·mgh) over a row of n, in the element type; one index where the rows line up. */
    private static void inputGradientRow(double[] gd, int go, double[] hd, int ho, double[] dd, int dOff, int n,
                                         double scale, double meanG, double meanGxhat) {
        if (go == ho && go == dOff) {
            for (int i = go; i < go + n; i++) {
                inputGradientAt(gd, i, hd, i, dd, i, scale, meanG, meanGxhat);
            }
        } else {
            for (int i = 0; i < n; i++) {
                inputGradientAt(gd, go + i, hd, ho + i, dd, dOff + i, scale, meanG, meanGxhat);
            }
        }
    }

    private static void inputGradientAt(double[] gd, int gi, double[] hd, int hi, double[] dd, int di, double scale,
                                        double meanG, double meanGxhat) {
        dd[di] = (double) ((double) scale * (gd[gi] - (double) meanG - hd[hi] * (double) meanGxhat));
    }

    @Override
    public void adaptiveStep(Tensor p, Tensor g, Tensor v, double lr, double decay, double gain, double eps) {
        double[] pd = p.doubles();
        double[] gd = g.doubles();
        double[] vd = v.doubles();
        int po = p.offset();
        int go = g.offset();
        int vo = v.offset();
        for (int i = 0, n = p.size(); i < n; i++) {
            double gi = gd[go + i];
            double vi = decay * vd[vo + i] + gain * gi * gi;
            vd[vo + i] = (double) vi;
            pd[po + i] = (double) (pd[po + i] - lr * gi / (Math.sqrt(vi) + eps));
        }
    }

    @Override
    public void adam(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                     double c1, double c2) {
        AdamStep task = ADAM.get();
        task.p = p;
        task.g = g;
        task.m = m;
        task.v = v;
        task.beta1 = beta1;
        task.beta2 = beta2;
        task.eps = eps;
        task.step = lr / c1;
        task.invSqrtC2 = 1.0 / Math.sqrt(c2);
        task.runIn(p.size(), PARALLEL_GRAIN);
    }

    /** Adam over a range of elements, in as many parts as pays (see {@link #adamAt} for the arithmetic). */
    private static final class AdamStep extends RangeTask {
        private Tensor p;
        private Tensor g;
        private Tensor m;
        private Tensor v;
        private double beta1;
        private double beta2;
        private double eps;
        private double step;
        private double invSqrtC2;

        @Override
        void range(int from, int to) {
            double[] pd = p.doubles();
            double[] gd = g.doubles();
            double[] md = m.doubles();
            double[] vd = v.doubles();
            int o = p.offset();
            if (g.offset() == o && m.offset() == o && v.offset() == o) {
                // one index for all four arrays: the form C2 vectorises
                for (int i = o + from; i < o + to; i++) {
                    adamAt(pd, i, gd, i, md, i, vd, i, beta1, beta2, eps, step, invSqrtC2);
                }
            } else {
                for (int i = from; i < to; i++) {
                    adamAt(pd, o + i, gd, g.offset() + i, md, m.offset() + i, vd, v.offset() + i, beta1, beta2,
                            eps, step, invSqrtC2);
                }
            }
        }

        @Override
        void clear() {
            p = g = m = v = null;
        }
    }

    /**
     * One element of Adam: reads p, g, m and v once and writes p, m and v. The coefficients are narrowed to the
     * element type (C2 hoists that out of the loop), so float32 computes in float32 as PyTorch does, and a loop
     * of these calls on one index compiles to eight-wide vector instructions, square root and division included.
     */
    private static void adamAt(double[] pd, int pi, double[] gd, int gi, double[] md, int mi, double[] vd, int vi,
                               double beta1, double beta2, double eps, double step, double invSqrtC2) {
        var b1 = (double) beta1;
        var b1c = (double) (1 - beta1);
        var b2 = (double) beta2;
        var b2c = (double) (1 - beta2);
        var s = (double) step;
        var r = (double) invSqrtC2;
        var e = (double) eps;
        var g = gd[gi];
        var m = (double) (b1 * md[mi] + b1c * g);
        var v = (double) (b2 * vd[vi] + b2c * g * g);
        md[mi] = m;
        vd[vi] = v;
        pd[pi] = (double) (pd[pi] - s * m / ((double) Math.sqrt(v) * r + e));
    }

    @Override
    public void gatherColumns(float[] src, int[] index, int from, Tensor dst) {
        Gather task = GATHER.get();
        task.src = src;
        task.index = index;
        task.from = from;
        task.dst = dst;
        task.runIn(dst.cols(), Math.max(16, PARALLEL_GRAIN / Math.max(1, dst.rows())));
    }

    /**
     * Gathers a range of columns, eight at a time: each row of the block is one run of eight contiguous stores
     * fed by eight sequential read streams, where a column at a time would store to a new cache line every time.
     */
    private static final class Gather extends RangeTask {
        private float[] src;
        private int[] index;
        private int from;
        private Tensor dst;

        @Override
        void range(int first, int end) {
            double[] out = dst.doubles();
            int rows = dst.rows();
            int cols = dst.cols();
            int o = dst.offset();
            int c = first;
            for (; c + 8 <= end; c += 8) {
                int s0 = index[from + c] * rows;
                int s1 = index[from + c + 1] * rows;
                int s2 = index[from + c + 2] * rows;
                int s3 = index[from + c + 3] * rows;
                int s4 = index[from + c + 4] * rows;
                int s5 = index[from + c + 5] * rows;
                int s6 = index[from + c + 6] * rows;
                int s7 = index[from + c + 7] * rows;
                for (int r = 0, at = o + c; r < rows; r++, at += cols) {
                    out[at] = src[s0 + r];
                    out[at + 1] = src[s1 + r];
                    out[at + 2] = src[s2 + r];
                    out[at + 3] = src[s3 + r];
                    out[at + 4] = src[s4 + r];
                    out[at + 5] = src[s5 + r];
                    out[at + 6] = src[s6 + r];
                    out[at + 7] = src[s7 + r];
                }
            }
            for (; c < end; c++) {
                int base = index[from + c] * rows;
                for (int r = 0; r < rows; r++) {
                    out[o + r * cols + c] = src[base + r];
                }
            }
        }

        @Override
        void clear() {
            src = null;
            index = null;
            dst = null;
        }
    }

    @Override
    public void encodeLabels(int[] labels, int[] index, int from, Tensor y) {
        double[] out = y.doubles();
        int cols = y.cols();
        int o = y.offset();
        if (y.rows() == 1) {
            for (int c = 0; c < cols; c++) {
                out[o + c] = (double) labels[index[from + c]];
            }
            return;
        }
        java.util.Arrays.fill(out, o, o + y.size(), (double) 0);
        for (int c = 0; c < cols; c++) {
            out[o + labels[index[from + c]] * cols + c] = (double) 1;
        }
    }

    @Override
    public void argmaxColumns(Tensor a, double threshold, int[] out, int outOffset) {
        double[] ad = a.doubles();
        int rows = a.rows();
        int cols = a.cols();
        int o = a.offset();
        for (int c = 0; c < cols; c++) {
            if (rows == 1) {
                out[outOffset + c] = ad[o + c] >= threshold ? 1 : 0;
                continue;
            }
            int best = 0;
            double bestValue = ad[o + c];
            for (int r = 1; r < rows; r++) {
                double x = ad[o + r * cols + c];
                if (x > bestValue) {
                    bestValue = x;
                    best = r;
                }
            }
            out[outOffset + c] = best;
        }
    }

    @Override
    public void scatterColumns(Tensor a, float[] out, int outOffset) {
        double[] ad = a.doubles();
        int rows = a.rows();
        int cols = a.cols();
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out[(outOffset + c) * rows + r] = (float) ad[a.offset() + r * cols + c];
            }
        }
    }

    @Override
    public void addBiasLeakyRelu(Tensor z, Tensor b, double alpha, Tensor a) {
        BiasLeakyRelu task = BIAS_LEAKY_RELU.get();
        task.z = z;
        task.b = b;
        task.a = a;
        task.alpha = alpha;
        task.runIn(z.rows(), Math.max(1, PARALLEL_GRAIN / Math.max(1, z.cols())));
    }

    /** z += b and a = leaky_relu(z) on a range of rows, one pass over z. */
    private static final class BiasLeakyRelu extends RangeTask {
        private Tensor z;
        private Tensor b;
        private Tensor a;
        private double alpha;

        @Override
        void range(int from, int to) {
            double[] zd = z.doubles();
            double[] ad = a.doubles();
            double[] bd = b.doubles();
            int cols = z.cols();
            int zo = z.offset();
            int ao = a.offset();
            for (int r = from; r < to; r++) {
                double bias = bd[b.offset() + r];
                int zRow = zo + r * cols;
                if (zo == ao) {
                    for (int i = zRow; i < zRow + cols; i++) {
                        biasLeakyReluAt(zd, i, ad, i, bias, alpha);
                    }
                } else {
                    for (int c = 0; c < cols; c++) {
                        biasLeakyReluAt(zd, zRow + c, ad, ao + r * cols + c, bias, alpha);
                    }
                }
            }
        }

        @Override
        void clear() {
            z = b = a = null;
        }
    }

    /**
     * z += bias, a = max(z, 0) + α·min(z, 0): z for z &gt; 0 (+∞ included) and α·z otherwise, with +0 rather
     * than −0 for ReLU, in a form C2 vectorises (it does not vectorise a conditional).
     */
    private static void biasLeakyReluAt(double[] zd, int zi, double[] ad, int ai, double bias, double alpha) {
        var b = (double) bias;
        var al = (double) alpha;
        var zero = (double) 0;
        var z = (double) (zd[zi] + b);
        zd[zi] = z;
        ad[ai] = (double) (Math.max(z, zero) + al * Math.min(z, zero));
    }

    @Override
    public void leakyRelu(Tensor z, double alpha, Tensor a) {
        leakyReluPass(z, null, alpha, a);
    }

    @Override
    public void leakyReluBackward(Tensor z, Tensor dA, double alpha, Tensor dZ) {
        leakyReluPass(z, dA, alpha, dZ);
    }

    private static void leakyReluPass(Tensor z, Tensor dA, double alpha, Tensor out) {
        LeakyReluPass task = LEAKY_RELU_PASS.get();
        task.z = z;
        task.dA = dA;
        task.out = out;
        task.alpha = alpha;
        task.runIn(z.size(), PARALLEL_GRAIN);
    }

    /**
     * On a range of elements, forward (no dA): out = leaky_relu(z), as {@link #biasLeakyReluAt} computes it without
     * the bias; backward: out = dZ = dA where z &gt; 0, α·dA elsewhere. Each loop is a method of its own, so that
     * the JIT compiles and vectorises each from its own profile (a loop that shares a method with a path not yet
     * run when the method is compiled keeps that path as an out-of-line call per element).
     */
    private static final class LeakyReluPass extends RangeTask {
        private Tensor z;
        private Tensor dA;
        private Tensor out;
        private double alpha;

        @Override
        void range(int from, int to) {
            int o = z.offset();
            boolean aligned = out.offset() == o && (dA == null || dA.offset() == o);
            if (dA == null) {
                if (aligned) {
                    leakyReluRange(z.doubles(), out.doubles(), o + from, o + to, alpha);
                } else {
                    leakyReluRange(z.doubles(), o + from, out.doubles(), out.offset() + from, to - from, alpha);
                }
            } else if (aligned) {
                leakyReluBackwardRange(z.doubles(), dA.doubles(), out.doubles(), o + from, o + to, alpha);
            } else {
                leakyReluBackwardRange(z.doubles(), o + from, dA.doubles(), dA.offset() + from, out.doubles(),
                        out.offset() + from, to - from, alpha);
            }
        }

        @Override
        void clear() {
            z = dA = out = null;
        }
    }

    /*
     * The loops below come in two forms: one index for every array (from .. to − 1), which C2 vectorises, and one
     * offset per array, which it cannot (an array written at one offset might be another array read at another),
     * for tensors that do not start at the same place.
     */

    /** od[i] = leaky_relu(zd[i]) for i in from .. to − 1. */
    private static void leakyReluRange(double[] zd, double[] od, int from, int to, double alpha) {
        for (int i = from; i < to; i++) {
            leakyReluAt(zd, i, od, i, alpha);
        }
    }

    /** od[oo + i] = leaky_relu(zd[zo + i]) for i &lt; n. */
    private static void leakyReluRange(double[] zd, int zo, double[] od, int oo, int n, double alpha) {
        for (int i = 0; i < n; i++) {
            leakyReluAt(zd, zo + i, od, oo + i, alpha);
        }
    }

    /** a = max(z, 0) + α·min(z, 0), as {@link #biasLeakyReluAt} without the bias. */
    private static void leakyReluAt(double[] zd, int zi, double[] od, int oi, double alpha) {
        var al = (double) alpha;
        var zero = (double) 0;
        var v = zd[zi];
        od[oi] = (double) (Math.max(v, zero) + al * Math.min(v, zero));
    }

    /** od[i] = leaky_relu′(zd[i])·gd[i] for i in from .. to − 1, as {@link #leakyReluBackwardAt}. */
    private static void leakyReluBackwardRange(double[] zd, double[] gd, double[] od, int from, int to,
                                               double alpha) {
        for (int i = from; i < to; i++) {
            leakyReluBackwardAt(zd, i, gd, i, od, i, alpha);
        }
    }

    /** od[oo + i] = leaky_relu′(zd[zo + i])·gd[go + i] for i &lt; n. */
    private static void leakyReluBackwardRange(double[] zd, int zo, double[] gd, int go, double[] od, int oo, int n,
                                               double alpha) {
        for (int i = 0; i < n; i++) {
            leakyReluBackwardAt(zd, zo + i, gd, go + i, od, oo + i, alpha);
        }
    }

    /**
     * dZ = dA where z &gt; 0, α·dA elsewhere, without a conditional (C2 compiles one to a branch, mispredicted half
     * the time on signs that are as good as random, and does not vectorise it): mask = min(max(z·M·M, 0), 1) with
     * M the element type's largest value is exactly 1 for every z &gt; 0, down to the smallest subnormal, and 0
     * for z ≤ 0; then dZ = mask·dA + (1 − mask)·(α·dA).
     */
    private static void leakyReluBackwardAt(double[] zd, int zi, double[] gd, int gi, double[] od, int oi,
                                            double alpha) {
        var al = (double) alpha;
        var big = Math.nextDown((double) Double.POSITIVE_INFINITY);
        var zero = (double) 0;
        var one = (double) 1;
        var mask = Math.min(Math.max(zd[zi] * big * big, zero), one);
        var g = gd[gi];
        od[oi] = (double) (mask * g + (one - mask) * (al * g));
    }
}

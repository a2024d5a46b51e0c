package org.nn4j.tensor;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The one place computation happens: every operation a layer, loss or optimiser needs. Each method checks the
 * shapes and element types of its arguments, naming them in the error, then runs the kernel of that element type.
 * Outputs are written into tensors the caller owns, so a training step allocates nothing.
 */
public final class Ops {
    private Ops() {
    }

    /** c = alpha · op(a) · op(b) + beta · c, with op(x) = xᵀ where the flag is set. */
    public static void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(a) is " + m + "×" + k + ", op(b) is " + kb + "×" + n
                    + ", c is " + c.shape());
        }
        same(a, b, c).gemm(transA, transB, alpha, a, b, beta, c);
    }

    /**
     * The GEMM of column blocks: columns {@code cColumn .. cColumn + n − 1} of c = alpha · op(a') · op(b') + beta ·
     * those columns, where a' is the block of a that starts at its column {@code aColumn} and is m × k as op reads
     * it (k × m when transposed), and b' likewise k × n from {@code bColumn}; every block spans rows from 0. This is
     * how a convolution works through its batch a few output positions at a time without copying them out.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aColumn,
                            Tensor b, int bColumn, double beta, Tensor c, int cColumn) {
        requireBlock("gemm: a", a, transA ? k : m, aColumn, transA ? m : k);
        requireBlock("gemm: b", b, transB ? n : k, bColumn, transB ? k : n);
        requireBlock("gemm: c", c, m, cColumn, n);
        same(a, b, c).gemm(transA, transB, m, n, k, alpha, a, aColumn, b, bColumn, beta, c, cColumn);
    }

    private static void requireBlock(String what, Tensor t, int rows, int column, int columns) {
        if (rows < 0 || columns < 0 || column < 0 || rows > t.rows() || column + columns > t.cols()) {
            throw new IllegalArgumentException(what + "'s block of " + rows + "×" + columns + " from column " + column
                    + " does not fit its " + t.shape());
        }
    }

    /** dst = src; element types may differ. */
    public static void copy(Tensor src, Tensor dst) {
        requireSize("copy", src, dst);
        dst.dtype().kernels().copy(src, dst);
    }

    public static void fill(Tensor t, double value) {
        t.dtype().kernels().fill(t, value);
    }

    /** Fills t in row-major order with successive values of the supplier (initialisers). */
    public static void fill(Tensor t, DoubleSupplier values) {
        t.dtype().kernels().fill(t, values);
    }

    /** z[r, c] += b[r]: adds a bias column to every sample. */
    public static void addColumnVector(Tensor z, Tensor b) {
        if (b.size() != z.rows()) {
            throw new IllegalArgumentException("bias has " + b.size() + " elements for " + z.rows() + " rows");
        }
        same(z, b).addColumnVector(z, b);
    }

    /**
     * z[r, c] = b[c]: a bias row in every sample of a sample-major batch (one sample per row), for a GEMM to add
     * its product to (beta = 1), as PyTorch's addmm does.
     */
    public static void fillRows(Tensor z, Tensor b) {
        if (b.size() != z.cols()) {
            throw new IllegalArgumentException("bias has " + b.size() + " elements for " + z.cols() + " columns");
        }
        same(z, b).fillRows(z, b);
    }

    /** out[r] = alpha · Σ_c x[r, c]: sums over the batch. */
    public static void rowSums(Tensor x, double alpha, Tensor out) {
        if (out.size() != x.rows()) {
            throw new IllegalArgumentException("row sums of " + x.shape() + " need " + x.rows()
                    + " outputs, got " + out.shape());
        }
        same(x, out).rowSums(x, alpha, out);
    }

    /** out = alpha · x + beta · y. */
    public static void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        requireSize("axpby", x, y);
        requireSize("axpby", x, out);
        same(x, y, out).axpby(alpha, x, beta, y, out);
    }

    /** out = x ∘ y. */
    public static void multiply(Tensor x, Tensor y, Tensor out) {
        requireSize("multiply", x, y);
        requireSize("multiply", x, out);
        same(x, y, out).multiply(x, y, out);
    }

    /** x *= alpha. */
    public static void scale(Tensor x, double alpha) {
        x.dtype().kernels().axpby(alpha, x, 0, x, x);
    }

    /** out[i] = f(x[i]). */
    public static void map(Tensor x, DoubleUnaryOperator f, Tensor out) {
        requireSize("map", x, out);
        same(x, out).map(x, f, out);
    }

    /** out[i] = grad[i] · g′(z[i], a[i]): the chain rule through an element-wise function. */
    public static void mapBackward(Tensor z, Tensor a, Tensor grad, Derivative g, Tensor out) {
        requireSize("mapBackward", z, a);
        requireSize("mapBackward", z, grad);
        requireSize("mapBackward", z, out);
        same(z, a, grad, out).mapBackward(z, a, grad, g, out);
    }

    /** Column-wise softmax. */
    public static void softmaxColumns(Tensor z, Tensor a) {
        requireShape("softmax", z, a);
        same(z, a).softmaxColumns(z, a);
    }

    /** Row-wise softmax: each sample of a sample-major batch, as {@link #softmaxColumns} computes a column. */
    public static void softmaxRows(Tensor z, Tensor a) {
        requireShape("softmax", z, a);
        same(z, a).softmaxRows(z, a);
    }

    /** Column-wise softmax Jacobian-vector product. */
    public static void softmaxBackward(Tensor a, Tensor dA, Tensor dZ) {
        requireShape("softmax backward", a, dA);
        requireShape("softmax backward", a, dZ);
        same(a, dA, dZ).softmaxBackward(a, dA, dZ);
    }

    /**
     * Σ over the batch of w_c · (−Σ_j y_j · log softmax(z)_j), by log-sum-exp; {@code w} holds one weight per
     * sample (1 × m), or is null for weight 1.
     */
    public static double softmaxCrossEntropy(Tensor z, Tensor y, Tensor w) {
        requireShape("softmax cross-entropy", z, y);
        requireWeights("softmax cross-entropy", z, w);
        return same(z, y).softmaxCrossEntropy(z, y, w);
    }

    /** Σ of w_c · (−y·log σ(z) − (1−y)·log(1−σ(z))), computed from z without forming σ(z); w may be null. */
    public static double sigmoidCrossEntropy(Tensor z, Tensor y, Tensor w) {
        requireShape("sigmoid cross-entropy", z, y);
        requireWeights("sigmoid cross-entropy", z, w);
        return same(z, y).sigmoidCrossEntropy(z, y, w);
    }

    /** Σ w_c · (a − y)²; w may be null. */
    public static double squaredError(Tensor a, Tensor y, Tensor w) {
        requireShape("squared error", a, y);
        requireWeights("squared error", a, w);
        return same(a, y).squaredError(a, y, w);
    }

    /** x[:, c] *= s[c]: weights each sample's column. */
    public static void scaleColumns(Tensor x, Tensor s) {
        requireWeights("scaleColumns", x, s);
        same(x, s).scaleColumns(x, s);
    }

    public static double sum(Tensor x) {
        return x.dtype().kernels().sum(x);
    }

    public static double sumOfSquares(Tensor x) {
        return x.dtype().kernels().sumOfSquares(x);
    }

    /** max |x|; NaN if x holds a NaN, so one call tells whether a tensor is finite. */
    public static double maxAbs(Tensor x) {
        return x.dtype().kernels().maxAbs(x);
    }

    /** Σ |x|. */
    public static double sumAbs(Tensor x) {
        return x.dtype().kernels().sumAbs(x);
    }

    /** Clips every element of x to [−limit, limit]. */
    public static void clamp(Tensor x, double limit) {
        x.dtype().kernels().clamp(x, limit);
    }

    /** grad += l1 · sign(w) + 2 · l2 · w, the gradient of the penalty l1·Σ|w| + l2·Σw². */
    public static void addPenaltyGradient(Tensor w, double l1, double l2, Tensor grad) {
        requireShape("penalty gradient", w, grad);
        same(w, grad).addPenaltyGradient(w, l1, l2, grad);
    }

    /** Rescales every row of w whose Euclidean norm exceeds {@code max} down to {@code max}. */
    public static void clipRowNorms(Tensor w, double max) {
        w.dtype().kernels().clipRowNorms(w, max);
    }

    /** Fills a dropout mask: each element is {@code scale} with probability 1 − rate, else 0, drawn from key. */
    public static void dropoutMask(Tensor mask, long key, double rate, double scale) {
        mask.dtype().kernels().dropoutMask(mask, key, rate, scale);
    }

    /** Per-row mean and biased variance of x over its columns (the batch), into {@code rows × 1} tensors. */
    public static void rowMoments(Tensor x, Tensor mean, Tensor var) {
        requireRows("rowMoments", x, mean);
        requireRows("rowMoments", x, var);
        same(x, mean, var).rowMoments(x, mean, var);
    }

    /** Batch normalisation forward with the given per-row statistics; xhat may be y. */
    public static void batchNormForward(Tensor x, Tensor mean, Tensor var, double eps, Tensor gamma, Tensor beta,
                                        Tensor xhat, Tensor y) {
        requireRows("batch norm", x, mean);
        requireRows("batch norm", x, var);
        requireRows("batch norm", x, gamma);
        requireRows("batch norm", x, beta);
        requireShape("batch norm", x, xhat);
        requireShape("batch norm", x, y);
        same(x, mean, var, gamma, beta, xhat, y).batchNormForward(x, mean, var, eps, gamma, beta, xhat, y);
    }

    /** The exact batch normalisation backward pass; see {@code org.nn4j.layers.BatchNorm}. */
    public static void batchNormBackward(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor dGamma,
                                         Tensor dBeta, Tensor dX) {
        requireShape("batch norm backward", g, xhat);
        requireShape("batch norm backward", g, dX);
        requireRows("batch norm backward", g, var);
        requireRows("batch norm backward", g, gamma);
        requireRows("batch norm backward", g, dGamma);
        requireRows("batch norm backward", g, dBeta);
        same(g, xhat, var, gamma, dGamma, dBeta, dX).batchNormBackward(g, xhat, var, eps, gamma, dGamma, dBeta, dX);
    }

    /** Batch normalisation's input gradient from given means of g·x̂ and g (synchronised batch statistics). */
    public static void batchNormInputGradient(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma,
                                              Tensor meanGxhat, Tensor meanG, Tensor dX) {
        for (Tensor t : new Tensor[]{xhat, dX}) {
            requireShape("batch norm input gradient", g, t);
        }
        for (Tensor perRow : new Tensor[]{var, gamma, meanGxhat, meanG}) {
            requireRows("batch norm input gradient", g, perRow);
        }
        same(g, xhat, var, gamma, meanGxhat, meanG, dX)
                .batchNormInputGradient(g, xhat, var, eps, gamma, meanGxhat, meanG, dX);
    }

    /** v = decay·v + gain·g², p −= lr·g / (√v + ε): RMSprop and AdaGrad; see {@code org.nn4j.optimizers}. */
    public static void adaptiveStep(Tensor p, Tensor g, Tensor v, double lr, double decay, double gain, double eps) {
        requireSize("adaptiveStep", p, g);
        requireSize("adaptiveStep", p, v);
        same(p, g, v).adaptiveStep(p, g, v, lr, decay, gain, eps);
    }

    /** One fused Adam update over all elements; see {@code org.nn4j.optimizers.Adam}. */
    public static void adam(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double beta1, double beta2,
                            double eps, double c1, double c2) {
        requireSize("adam", p, g);
        requireSize("adam", p, m);
        requireSize("adam", p, v);
        same(p, g, m, v).adam(p, g, m, v, lr, beta1, beta2, eps, c1, c2);
    }

    /**
     * Copies samples {@code index[from .. from + dst.cols)} of a sample-major float matrix (one row of
     * {@code dst.rows()} features per sample) into the columns of {@code dst}.
     */
    public static void gatherColumns(float[] src, int[] index, int from, Tensor dst) {
        if (from < 0 || from + dst.cols() > index.length) {
            throw new IndexOutOfBoundsException("samples " + from + ".." + (from + dst.cols()) + " of "
                    + index.length);
        }
        dst.dtype().kernels().gatherColumns(src, index, from, dst);
    }

    /**
     * As {@link #gatherColumns(float[], int[], int, Tensor)} from float64 samples: exact into a float64
     * {@code dst}, rounded into a float32 one.
     *
     * @param src   sample-major values, {@code dst.rows()} per sample
     * @param index sample order
     * @param from  the first position of {@code index} to gather
     * @param dst   {@code features × m}; column c receives sample {@code index[from + c]}
     * @throws IndexOutOfBoundsException if {@code from + dst.cols()} passes the end of {@code index}
     */
    public static void gatherColumns(double[] src, int[] index, int from, Tensor dst) {
        if (from < 0 || from + dst.cols() > index.length) {
            throw new IndexOutOfBoundsException("samples " + from + ".." + (from + dst.cols()) + " of "
                    + index.length);
        }
        int rows = dst.rows();
        int cols = dst.cols();
        for (int c = 0; c < cols; c++) {  // float64 data sets are small: one strided pass, no threads
            int sample = index[from + c] * rows;
            for (int r = 0; r < rows; r++) {
                dst.setFlat(r * cols + c, src[sample + r]);
            }
        }
    }

    /** One-hot columns for the labels of samples {@code index[from ..]}; a 1-row y gets the 0/1 label itself. */
    public static void encodeLabels(int[] labels, int[] index, int from, Tensor y) {
        y.dtype().kernels().encodeLabels(labels, index, from, y);
    }

    /** The class of each column: its largest row, or for one row, whether it reaches {@code threshold}. */
    public static void argmaxColumns(Tensor a, double threshold, int[] out, int outOffset) {
        a.dtype().kernels().argmaxColumns(a, threshold, out, outOffset);
    }

    /** Writes the columns of a as rows {@code outOffset..} of a sample-major float matrix. */
    public static void scatterColumns(Tensor a, float[] out, int outOffset) {
        a.dtype().kernels().scatterColumns(a, out, outOffset);
    }

    /**
     * z[r, c] += b[r], then a = leaky_relu(z) = z for z &gt; 0, alpha·z otherwise (alpha in [0, 1); 0 is ReLU):
     * a dense layer's bias and activation in one pass over z, with no function object per element.
     */
    public static void addBiasLeakyRelu(Tensor z, Tensor b, double alpha, Tensor a) {
        if (b.size() != z.rows()) {
            throw new IllegalArgumentException("bias has " + b.size() + " elements for " + z.rows() + " rows");
        }
        requireShape("bias and leaky ReLU", z, a);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("leaky ReLU slope must lie in [0, 1), got " + alpha);
        }
        same(z, b, a).addBiasLeakyRelu(z, b, alpha, a);
    }

    /**
     * a = leaky_relu(z): z for z &gt; 0, alpha·z otherwise (alpha in [0, 1); 0 is ReLU), with no function object per
     * element.
     */
    public static void leakyRelu(Tensor z, double alpha, Tensor a) {
        requireShape("leaky ReLU", z, a);
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("leaky ReLU slope must lie in [0, 1), got " + alpha);
        }
        same(z, a).leakyRelu(z, alpha, a);
    }

    /** dZ = dA ∘ leaky_relu′(z): dA where z &gt; 0, alpha·dA elsewhere. */
    public static void leakyReluBackward(Tensor z, Tensor dA, double alpha, Tensor dZ) {
        requireShape("leaky ReLU backward", z, dA);
        requireShape("leaky ReLU backward", z, dZ);
        same(z, dA, dZ).leakyReluBackward(z, dA, alpha, dZ);
    }

    // Fixed arities, not varargs: a varargs call allocates its array every time (escape analysis does not always
    // remove it), and the training step must allocate nothing.
    private static Kernels same(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw mixed(a, b);
        }
        return a.dtype().kernels();
    }

    private static Kernels same(Tensor a, Tensor b, Tensor c) {
        same(a, b);
        return same(a, c);
    }

    private static Kernels same(Tensor a, Tensor b, Tensor c, Tensor d) {
        same(a, b, c);
        return same(a, d);
    }

    private static Kernels same(Tensor a, Tensor b, Tensor c, Tensor d, Tensor e, Tensor f, Tensor g) {
        same(a, b, c, d);
        same(a, e, f);
        return same(a, g);
    }

    private static IllegalArgumentException mixed(Tensor a, Tensor b) {
        return new IllegalArgumentException("mixed element types: " + a.dtype() + " and " + b.dtype());
    }

    private static void requireSize(String op, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException(op + ": sizes differ, " + x.shape() + " and " + y.shape());
        }
    }

    private static void requireRows(String op, Tensor x, Tensor perRow) {
        if (perRow.size() != x.rows()) {
            throw new IllegalArgumentException(op + ": " + x.shape() + " needs " + x.rows()
                    + " per-row values, got " + perRow.shape());
        }
    }

    private static void requireWeights(String op, Tensor x, Tensor w) {
        if (w != null && w.size() != x.cols()) {
            throw new IllegalArgumentException(op + ": " + x.shape() + " needs " + x.cols()
                    + " sample weights, got " + w.shape());
        }
    }

    private static void requireShape(String op, Tensor x, Tensor y) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException(op + ": shapes differ, " + x.shape() + " and " + y.shape());
        }
    }
}

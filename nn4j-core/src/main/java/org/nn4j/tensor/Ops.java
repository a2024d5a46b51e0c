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

    /** Column-wise softmax Jacobian-vector product. */
    public static void softmaxBackward(Tensor a, Tensor dA, Tensor dZ) {
        requireShape("softmax backward", a, dA);
        requireShape("softmax backward", a, dZ);
        same(a, dA, dZ).softmaxBackward(a, dA, dZ);
    }

    /** Σ over the batch of −Σ_j y_j · log softmax(z)_j, by log-sum-exp. */
    public static double softmaxCrossEntropy(Tensor z, Tensor y) {
        requireShape("softmax cross-entropy", z, y);
        return same(z, y).softmaxCrossEntropy(z, y);
    }

    /** Σ of −y·log σ(z) − (1−y)·log(1−σ(z)), computed from z without forming σ(z). */
    public static double sigmoidCrossEntropy(Tensor z, Tensor y) {
        requireShape("sigmoid cross-entropy", z, y);
        return same(z, y).sigmoidCrossEntropy(z, y);
    }

    /** Σ (a − y)². */
    public static double squaredError(Tensor a, Tensor y) {
        requireShape("squared error", a, y);
        return same(a, y).squaredError(a, y);
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

    private static IllegalArgumentException mixed(Tensor a, Tensor b) {
        return new IllegalArgumentException("mixed element types: " + a.dtype() + " and " + b.dtype());
    }

    private static void requireSize(String op, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException(op + ": sizes differ, " + x.shape() + " and " + y.shape());
        }
    }

    private static void requireShape(String op, Tensor x, Tensor y) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException(op + ": shapes differ, " + x.shape() + " and " + y.shape());
        }
    }
}

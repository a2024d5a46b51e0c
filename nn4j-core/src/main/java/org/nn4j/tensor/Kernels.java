package org.nn4j.tensor;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The computations of one element type. Implemented once, in {@link DoubleKernels}; the float32 version is
 * generated from it. Callers use {@link Ops}, which checks shapes and picks the kernel set by dtype; kernels
 * trust their arguments. Scalars are doubles in both precisions, and reductions accumulate in double.
 */
interface Kernels {
    /** c = alpha · op(a) · op(b) + beta · c, with op(x) = xᵀ where the flag is set. */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, double value);

    void fill(Tensor t, DoubleSupplier values);

    /** z[r, c] += b[r] for every column c. */
    void addColumnVector(Tensor z, Tensor b);

    /** out[r] = alpha · Σ_c x[r, c]. */
    void rowSums(Tensor x, double alpha, Tensor out);

    /** out = alpha · x + beta · y (out may be x or y). */
    void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out);

    /** out = x ∘ y, element-wise (out may be x or y). */
    void multiply(Tensor x, Tensor y, Tensor out);

    /** out[i] = f(x[i]). */
    void map(Tensor x, DoubleUnaryOperator f, Tensor out);

    /** out[i] = grad[i] · g′(z[i], a[i]). */
    void mapBackward(Tensor z, Tensor a, Tensor grad, Derivative g, Tensor out);

    /** a[:, c] = softmax(z[:, c]), shifted by the column maximum so no exponent overflows. */
    void softmaxColumns(Tensor z, Tensor a);

    /** dZ[:, c] = J(a[:, c]) · dA[:, c] = a ∘ (dA − (aᵀ·dA)), the softmax Jacobian-vector product. */
    void softmaxBackward(Tensor a, Tensor dA, Tensor dZ);

    /** Σ_c Σ_j y[j, c] · (logsumexp(z[:, c]) − z[j, c]): cross-entropy of softmax(z), summed over the batch. */
    double softmaxCrossEntropy(Tensor z, Tensor y);

    /** Σ max(z, 0) − z·y + log(1 + e^−|z|): binary cross-entropy of sigmoid(z), summed. */
    double sigmoidCrossEntropy(Tensor z, Tensor y);

    /** Σ (a − y)². */
    double squaredError(Tensor a, Tensor y);

    /** Σ x. */
    double sum(Tensor x);

    /** Σ x². */
    double sumOfSquares(Tensor x);

    /** Largest |x|, or NaN if any element is NaN. */
    double maxAbs(Tensor x);

    /**
     * One Adam step over all elements (Kingma &amp; Ba 2015, Algorithm 1): m = β1·m + (1−β1)·g,
     * v = β2·v + (1−β2)·g², p −= lr · (m / c1) / (√(v / c2) + ε), with bias corrections c1 = 1−β1ᵗ, c2 = 1−β2ᵗ.
     */
    void adam(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
              double c1, double c2);

    /** dst[r, c] = src[index[from + c] · dst.rows + r]: sample-major rows in, feature-major columns out. */
    void gatherColumns(float[] src, int[] index, int from, Tensor dst);

    /** y[:, c] = one-hot(labels[index[from + c]]); a 1-row y receives the label value itself (binary tasks). */
    void encodeLabels(int[] labels, int[] index, int from, Tensor y);

    /** out[outOffset + c] = argmax_r a[r, c]; for a 1-row a, 1 where a ≥ threshold, else 0. */
    void argmaxColumns(Tensor a, double threshold, int[] out, int outOffset);

    /** out[(outOffset + c) · a.rows + r] = a[r, c]: feature-major columns back to sample-major rows. */
    void scatterColumns(Tensor a, float[] out, int outOffset);

    /** z[r, c] += b[r], then a = leaky_relu(z) with slope alpha in [0, 1) (0: ReLU), in one pass. */
    void addBiasLeakyRelu(Tensor z, Tensor b, double alpha, Tensor a);

    /** dZ[i] = dA[i] where z[i] &gt; 0, alpha · dA[i] elsewhere: the leaky ReLU's backward pass. */
    void leakyReluBackward(Tensor z, Tensor dA, double alpha, Tensor dZ);
}

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

    /**
     * The GEMM of blocks: c' = alpha · op(a') · op(b') + beta · c', where x' is the block of x that starts at its
     * column {@code xColumn} (row 0), with x's row length as the leading dimension; op(a') is m × k, op(b') k × n.
     * Callers check the bounds.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aColumn, Tensor b,
              int bColumn, double beta, Tensor c, int cColumn);

    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, double value);

    void fill(Tensor t, DoubleSupplier values);

    /** z[r, c] += b[r] for every column c. */
    void addColumnVector(Tensor z, Tensor b);

    /** z[r, c] = b[c] for every row r: a bias row in each sample of a sample-major batch. */
    void fillRows(Tensor z, Tensor b);

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

    /** a[r, :] = softmax(z[r, :]): {@link #softmaxColumns} of a sample-major batch, with the same arithmetic. */
    void softmaxRows(Tensor z, Tensor a);

    /** dZ[:, c] = J(a[:, c]) · dA[:, c] = a ∘ (dA − (aᵀ·dA)), the softmax Jacobian-vector product. */
    void softmaxBackward(Tensor a, Tensor dA, Tensor dZ);

    /**
     * Σ_c w[c] · Σ_j y[j, c] · (logsumexp(z[:, c]) − z[j, c]): cross-entropy of softmax(z), summed over the batch
     * with per-sample weights w (1 × m), or unweighted when w is null.
     */
    double softmaxCrossEntropy(Tensor z, Tensor y, Tensor w);

    /** Σ w[c] · (max(z, 0) − z·y + log(1 + e^−|z|)): binary cross-entropy of sigmoid(z), summed; w may be null. */
    double sigmoidCrossEntropy(Tensor z, Tensor y, Tensor w);

    /** Σ w[c] · (a − y)²; w may be null. */
    double squaredError(Tensor a, Tensor y, Tensor w);

    /** x[r, c] *= s[c]: scales each sample's column. */
    void scaleColumns(Tensor x, Tensor s);

    /** Σ x. */
    double sum(Tensor x);

    /** Σ x². */
    double sumOfSquares(Tensor x);

    /** Largest |x|, or NaN if any element is NaN. */
    double maxAbs(Tensor x);

    /** Σ |x|. */
    double sumAbs(Tensor x);

    /** x = min(max(x, −limit), limit). */
    void clamp(Tensor x, double limit);

    /** grad += l1 · sign(w) + 2 · l2 · w: the gradient of the penalty l1·Σ|w| + l2·Σw². */
    void addPenaltyGradient(Tensor w, double l1, double l2, Tensor grad);

    /** Rescales each row of w whose Euclidean norm exceeds {@code max} to norm {@code max}. */
    void clipRowNorms(Tensor w, double max);

    /**
     * mask[i] = scale where u_i ≥ rate, else 0, with u_i = {@link Noise#uniform}(key, i): a dropout mask that is a
     * pure function of the key and the element's position.
     */
    void dropoutMask(Tensor mask, long key, double rate, double scale);

    /** mean[r] = Σ_c x[r, c] / m and var[r] = Σ_c (x[r, c] − mean[r])² / m, the biased batch variance. */
    void rowMoments(Tensor x, Tensor mean, Tensor var);

    /**
     * x̂ = (x − mean[r]) / √(var[r] + eps), y = gamma[r] · x̂ + beta[r], row by row; {@code xhat} may be {@code y}
     * when x̂ is not needed.
     */
    void batchNormForward(Tensor x, Tensor mean, Tensor var, double eps, Tensor gamma, Tensor beta, Tensor xhat,
                          Tensor y);

    /**
     * The exact batch-normalisation backward pass, per row over m columns, from g = ∂L/∂y per sample:
     * dGamma = Σ g·x̂ / m, dBeta = Σ g / m, dX = gamma / √(var + eps) · (g − Σ g / m − x̂ · Σ g·x̂ / m).
     */
    void batchNormBackward(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor dGamma, Tensor dBeta,
                           Tensor dX);

    /**
     * The input gradient of batch normalisation with the means of g and g·x̂ given (per row, over a batch that may
     * be larger than these m columns, as in synchronised batch normalisation):
     * dX = gamma / √(var + eps) · (g − meanG − x̂ · meanGxhat).
     */
    void batchNormInputGradient(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor meanGxhat,
                                Tensor meanG, Tensor dX);

    /**
     * One step of the adaptive-rate family: v = decay·v + gain·g², p −= lr · g / (√v + eps). RMSprop has
     * gain = 1 − decay; AdaGrad has decay = gain = 1.
     */
    void adaptiveStep(Tensor p, Tensor g, Tensor v, double lr, double decay, double gain, double eps);

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

    /** a = leaky_relu(z) with slope alpha in [0, 1) (0: ReLU), element-wise: an activation layer's forward pass. */
    void leakyRelu(Tensor z, double alpha, Tensor a);
}

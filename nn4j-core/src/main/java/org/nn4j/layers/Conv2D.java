package org.nn4j.layers;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.List;
import org.nn4j.initializers.Initializer;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * A 2-D convolution (cross-correlation, as in every framework): F filters of C × kh × kw weights slide over the
 * input image (C, H, W) with a stride and zero padding, Z[f, oh, ow] = Σ_{c,i,j} W[f, c, i, j] ·
 * X[c, oh·sH − pT + i, ow·sW − pL + j] + b[f], giving an image (F, OH, OW). No activation: an
 * {@link ActivationLayer} follows.
 *
 * <p>Computed as im2col + one GEMM over the whole batch (Chellapilla et al. 2006): the m samples' windows become
 * the columns of X̂ (C·kh·kw × OH·OW·m), so Z = W·X̂ + b with W as F × C·kh·kw (PyTorch's [F, C, kh, kw] weight,
 * row-major) — and since the batch is feature-major, Z laid out F × (OH·OW·m) is already the output batch
 * F·OH·OW × m. Backward from dZ (per sample): dW = dZ·X̂ᵀ / m, db = Σ dZ / m over the positions and samples,
 * dX̂ = Wᵀ·dZ, and dX = col2im(dX̂), which adds each window's gradient back where the window read. X̂ and dX̂ are
 * workspaces kept from batch to batch.
 *
 * <p>Weights start from He (default) or any initialiser with fan-in C·kh·kw and fan-out F·kh·kw; L1/L2 penalties
 * and the max-norm constraint (on each filter's C·kh·kw weights) work as for {@link Dense}, through the same
 * {@link Weights}.
 */
public final class Conv2D extends WeightedLayer {
    /** Batches above this many samples go through a forward pass at inference in chunks of it. */
    static final int INFERENCE_CHUNK = 256;
    private final int filters;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final Padding padding;
    private Window window;
    private Shape input;
    private Shape output;
    private ConvKernels kernels;
    private DType dtype;
    private Tensor cols;
    private int colsSamples;
    private Tensor chunk;
    private Tensor z;
    private Tensor dCols;
    private Tensor dInput;
    private final Reshaped zView = new Reshaped();
    private final Reshaped dzView = new Reshaped();

    /** {@code filters} filters of {@code kernel × kernel}, stride 1, no padding, with bias, He-initialised. */
    public Conv2D(int filters, int kernel) {
        this(filters, kernel, 1, Padding.VALID);
    }

    /** {@code filters} filters of {@code kernel × kernel} with the given stride and padding, bias, He. */
    public Conv2D(int filters, int kernel, int stride, Padding padding) {
        this(filters, kernel, kernel, stride, stride, padding, true, Initializer.HE_NORMAL, Regularizer.NONE, 0);
    }

    /**
     * Every setting: a kernel of {@code kernelH × kernelW}, strides, padding, whether there is a bias (leave it out
     * before batch normalisation, which cancels it), how W starts, its penalty and, if {@code maxNorm} &gt; 0, the
     * bound on each filter's norm.
     */
    public Conv2D(int filters, int kernelH, int kernelW, int strideH, int strideW, Padding padding, boolean bias,
                  Initializer initializer, Regularizer regularizer, double maxNorm) {
        super(new Weights(initializer, regularizer, maxNorm, bias));
        requireValid(filters, kernelH, kernelW, strideH, strideW);
        this.filters = filters;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padding = padding;
    }

    private static void requireValid(int filters, int kernelH, int kernelW, int strideH, int strideW) {
        if (filters <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("a convolution needs positive filters, kernel and strides, got "
                    + filters + " filters of " + kernelH + "×" + kernelW + ", stride " + strideH + "×" + strideW);
        }
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (window != null) {
            throw new IllegalStateException("this Conv2D layer already belongs to a model");
        }
        window = Window.of(describe(), input, kernelH, kernelW, strideH, strideW, padding);
        this.input = input;
        this.output = Shape.image(filters, window.outHeight(), window.outWidth());
        this.dtype = dtype;
        this.kernels = ConvKernels.of(dtype);
        weights.declare(filters, window.patch(), filters * kernelH * kernelW);
        return outputShape();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        requireInput(x);
        int m = x.cols();
        z = Tensor.reuse(z, dtype, outputSize(), m);
        if (training || m <= INFERENCE_CHUNK) {
            colsSamples = m;
            convolve(x, m, 0, m, zView.of(z, filters));
            return z;
        }
        // at inference a large batch goes through in chunks, so that X̂ stays the size of a training batch's
        colsSamples = 0;
        for (int first = 0; first < m; first += INFERENCE_CHUNK) {
            int count = Math.min(INFERENCE_CHUNK, m - first);
            chunk = Tensor.reuse(chunk, dtype, filters, window.positions() * count);
            convolve(x, m, first, count, chunk);
            kernels.placeSamples(chunk, first, z);
        }
        return z;
    }

    /** out (F × OH·OW·count) = W·X̂ + b for the {@code count} samples from {@code first} of x's m. */
    private void convolve(Tensor x, int m, int first, int count, Tensor out) {
        cols = Tensor.reuse(cols, dtype, window.patch(), window.positions() * count);
        kernels.im2col(x, window, m, first, count, cols);
        Ops.gemm(false, false, 1, weights.w().value(), cols, 0, out);
        if (weights.hasBias()) {
            Ops.addColumnVector(out, weights.b().value());
        }
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        int m = dA.cols();
        if (colsSamples != m) {
            throw new IllegalStateException(describe() + ": backward needs the training-mode forward pass of the "
                    + "same batch");
        }
        Tensor dz = dzView.of(dA, filters);
        Parameter w = weights.w();
        Ops.gemm(false, true, 1.0 / m, dz, cols, 0, w.grad());
        weights.addPenaltyGradient();
        if (weights.hasBias()) {
            Ops.rowSums(dz, 1.0 / m, weights.b().grad());
        }
        if (!needInputGradient) {
            return null;
        }
        dCols = Tensor.reuse(dCols, dtype, window.patch(), window.positions() * m);
        Ops.gemm(true, false, 1, w.value(), dz, 0, dCols);
        dInput = Tensor.reuse(dInput, dtype, inputSize(), m);
        kernels.col2im(dCols, window, m, dInput);
        return dInput;
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        boolean ran = z != null && z.cols() == m;
        int patch = window.patch();
        int columns = window.positions() * m;
        return List.of(
                new Equation(at("X̂", l) + " = im2col(" + at("A", l - 1) + ")", inputShape() + "×m → "
                        + shape(patch, columns), "column (oh, ow, n): the " + window.channels() + "×" + kernelH + "×"
                        + kernelW + " window of sample n at output position (oh, ow), stride " + strideH + "×"
                        + strideW + ", padding " + padding + " (zeros outside the image)", ran ? cols : null),
                new Equation(at("Z", l) + " = " + at("W", l) + "·" + at("X̂", l) + (weights.hasBias() ? " + "
                        + at("b", l) : ""), shape(filters, patch) + "·" + shape(patch, columns)
                        + (weights.hasBias() ? " + " + shape(filters, 1) : "") + " → " + shape(filters, columns)
                        + " = " + outputShape() + "×m", "one GEMM for the whole batch; "
                        + "the F × (OH·OW·m) result is the output batch as it lies", ran ? z : null));
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        boolean ran = dCols != null && dCols.cols() == window.positions() * m;
        int patch = window.patch();
        int columns = window.positions() * m;
        String skipped = needInputGradient ? "" : "skipped: nothing below layer " + l + " needs it";
        return List.of(
                new Equation(at("dW", l) + " = " + at("dZ", l) + "·" + at("X̂", l) + "ᵀ / m",
                        shape(filters, columns) + "·" + shape(columns, patch) + " → " + shape(filters, patch),
                        "dZ[" + l + "] = dA[" + l + "] seen as F × (OH·OW·m)", null),
                new Equation(at("db", l) + " = Σ " + at("dZ", l) + " / m", "Σ over the OH·OW·m columns of "
                        + shape(filters, columns) + " → " + shape(filters, 1), weights.hasBias() ? "" : "no bias",
                        null),
                new Equation(at("dX̂", l) + " = " + at("W", l) + "ᵀ·" + at("dZ", l), shape(patch, filters) + "·"
                        + shape(filters, columns) + " → " + shape(patch, columns), skipped,
                        ran && needInputGradient ? dCols : null),
                new Equation(at("dA", l - 1) + " = col2im(" + at("dX̂", l) + ")", shape(patch, columns) + " → "
                        + inputShape() + "×m", needInputGradient ? "each window's gradient added back where it read"
                        : skipped, ran && needInputGradient ? dInput : null));
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return output;
    }

    /**
     * The zeros the windows read beyond each edge of the image, {top, left, bottom, right} (ONNX's {@code pads});
     * only once the layer is built.
     */
    public int[] pads() {
        return window.pads();
    }

    /** The number of filters, the output's channels. */
    public int filters() {
        return filters;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.conv2D(this);
    }

    @Override
    public Config config() {
        Regularizer r = weights.regularizer();
        return new Config(filters, kernelH, kernelW, strideH, strideW, padding.toString(), weights.hasBias(),
                weights.initializer().id(), r.l1(), r.l2(), weights.maxNorm());
    }

    @Override
    public String describe() {
        return "Conv2D(" + filters + ", " + kernelH + "×" + kernelW + (strideH == 1 && strideW == 1 ? ""
                : ", stride " + strideH + "×" + strideW) + ", " + (padding.mode().equals("explicit") ? "padding "
                : "") + padding + (weights.hasBias() ? "" : ", no bias")
                + ")";
    }

    /**
     * The settings of a convolution: filters, kernel and strides, padding as {@link Padding#parse} reads it, bias,
     * initialiser (null for He), L1/L2 penalties on W and a max-norm bound on each filter (0 for none).
     *
     * @param filters      the number of filters F, the output's channels
     * @param kernelHeight the kernel's rows kh
     * @param kernelWidth  the kernel's columns kw
     * @param strideHeight the step between output rows, in input rows
     * @param strideWidth  the step between output columns, in input columns
     * @param padding      {@code valid}, {@code same}, {@code P} or {@code PH,PW}
     * @param bias         whether each filter adds a bias
     * @param initializer  how W starts, e.g. {@code he_normal}; null for He
     * @param l1           the coefficient of the penalty Σ|w|
     * @param l2           the coefficient of the penalty Σw²
     * @param maxNorm      the bound on each filter's norm, 0 for none
     */
    public record Config(int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                         String padding, boolean bias, String initializer, double l1, double l2, double maxNorm)
            implements LayerConfig {
        /** Checks every setting. */
        public Config {
            requireValid(filters, kernelHeight, kernelWidth, strideHeight, strideWidth);
            Padding.parse(padding);
            if (initializer != null) {
                Initializer.parse(initializer);
            }
            new Regularizer(l1, l2);
            Weights.requireMaxNorm(maxNorm);
        }

        /** A fresh layer with these settings. */
        @Override
        public Conv2D create() {
            return new Conv2D(filters, kernelHeight, kernelWidth, strideHeight, strideWidth, Padding.parse(padding),
                    bias, initializer == null ? Initializer.HE_NORMAL : Initializer.parse(initializer),
                    new Regularizer(l1, l2), maxNorm);
        }
    }
}

package org.nn4j.layers;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.Arrays;
import java.util.List;
import org.nn4j.initializers.Initializer;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Parallel;
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
    /**
     * How many values of X̂ a thread holds at a time: 2^16, a quarter of a core's L2 cache in float32, which leaves
     * room for the GEMM's own packed panels; but at least {@link #MIN_COLUMNS} columns, below which the GEMM runs
     * short of its rate. The batch goes through a few output positions (all samples) at a time, each chunk's X̂
     * made, used by its GEMM and dropped while it is still in the cache, the chunks shared among the threads.
     * (Measured on LeNet-5 and C2 steps: 2^16 to 2^17 best for LeNet-5's thin convolutions, 2^18 for C2's, 768
     * columns joining the two.)
     */
    static final int CHUNK_VALUES = 1 << 16;
    /** The fewest columns (output positions × samples) of a chunk. */
    static final int MIN_COLUMNS = 768;
    /**
     * The fewest columns of a chunk where that many chunks would leave threads idle: a single image through C2's
     * 64-filter convolution on 14 × 14 positions (196 columns) took 221 µs in one chunk on one of two threads.
     */
    static final int MIN_SPLIT = 64;

    /** The output positions in a chunk of a pass over m samples with windows of {@code patch} values. */
    static int chunkPositions(int patch, int m) {
        return Math.max(Math.max(1, CHUNK_VALUES / (patch * m)), (MIN_COLUMNS + m - 1) / m);
    }
    private final int filters;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final Padding padding;
    private Window window;
    /** For stride 1 where it costs no more: the input gradient as a convolution of dZ, see {@link #backward}. */
    private Window transposed;
    private Tensor flipped;
    private final Reshaped dxView = new Reshaped();
    private final Chunks chunks = new Chunks();
    /** What a pass over the chunks writes (Z or dX, as F or C rows) and, for dW, dZ as F rows. */
    private Tensor target;
    private Tensor gradient;
    private Tensor[] partCols = new Tensor[0];
    private Tensor[] partColsOfGradient = new Tensor[0];
    private Tensor[] partGrad = new Tensor[0];
    /** For col2im: each part's image of dX (part 0 adds into dX itself) and two workspaces of OW·m values. */
    private Tensor[] partImage = new Tensor[0];
    private Tensor[][] partRuns = new Tensor[0][];
    private Shape input;
    private Shape output;
    private ConvKernels kernels;
    private DType dtype;
    private Tensor lastInput;
    private int trainedSamples = -1;
    private Tensor z;
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
        int[] pads = window.pads();
        int padTop = kernelH - 1 - pads[0];
        int padLeft = kernelW - 1 - pads[1];
        if (strideH == 1 && strideW == 1 && padTop >= 0 && padLeft >= 0 && pads[2] < kernelH && pads[3] < kernelW
                && input.pixels() <= window.positions()) {
            transposed = new Window(filters, window.outHeight(), window.outWidth(), kernelH, kernelW, 1, 1, padTop,
                    padLeft, input.height(), input.width());
        }
        return outputShape();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        requireInput(x);
        int m = x.cols();
        z = Tensor.reuse(z, dtype, outputSize(), m);
        target = zView.of(z, filters);
        chunks.run(Step.FORWARD, x, window, m);
        if (weights.hasBias()) {
            Ops.addColumnVector(target, weights.b().value());
        }
        lastInput = training ? x : null;
        trainedSamples = training ? m : -1;
        return z;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        int m = dA.cols();
        if (trainedSamples != m) {
            throw new IllegalStateException(describe() + ": backward needs the training-mode forward pass of the "
                    + "same batch");
        }
        Tensor dz = dzView.of(dA, filters);
        Parameter w = weights.w();
        gradient = dz;
        int parts = chunks.run(Step.WEIGHT_GRADIENT, lastInput, window, m);
        Ops.axpby(1.0 / m, partGrad[0], 0, w.grad(), w.grad());
        for (int part = 1; part < parts; part++) {
            Ops.axpby(1.0 / m, partGrad[part], 1, w.grad(), w.grad());
        }
        weights.addPenaltyGradient();
        if (weights.hasBias()) {
            Ops.rowSums(dz, 1.0 / m, weights.b().grad());
        }
        if (!needInputGradient) {
            return null;
        }
        dInput = Tensor.reuse(dInput, dtype, inputSize(), m);
        if (transposed != null) {
            // stride 1: dX[c, ih, iw] = Σ_{f,i,j} W[f, c, kh−1−i, kw−1−j]·dZ[f, ih − (kh−1−pT) + i, iw − (kw−1−pL) + j],
            // a convolution of dZ with the flipped kernels: im2col of dZ and GEMMs, no scatter-add
            flipped = Tensor.reuse(flipped, dtype, window.channels(), transposed.patch());
            kernels.flipKernels(w.value(), window.channels(), kernelH * kernelW, flipped);
            target = dxView.of(dInput, window.channels());
            chunks.run(Step.INPUT_GRADIENT, dA, transposed, m);
            return dInput;
        }
        // otherwise dX̂ = Wᵀ·dZ chunk by chunk, each chunk's columns added back where its windows read (col2im);
        // a part adds into dX, the others into images of their own, summed at the end
        parts = chunks.run(Step.SCATTER, null, window, m);
        for (int part = 1; part < parts; part++) {
            Ops.axpby(1, partImage[part], 1, dInput, dInput);
        }
        return dInput;
    }

    /** What a pass over the chunks computes. */
    private enum Step {
        /** Z = W·X̂, chunk by chunk of Z's columns. */
        FORWARD,
        /** each part's Σ over its chunks of dZ·X̂ᵀ. */
        WEIGHT_GRADIENT,
        /** dX = W̃·im2col(dZ) with the flipped kernels W̃, chunk by chunk of dX's columns. */
        INPUT_GRADIENT,
        /** dX̂ = Wᵀ·dZ chunk by chunk of dZ's columns, each added into the part's image by col2im. */
        SCATTER
    }

    /**
     * A pass over the batch in chunks of output positions (of {@code geometry}: the layer's window, or for the
     * input gradient the flipped one over dZ), each of a part's chunks made into its X̂ workspace by im2col and
     * multiplied by one block GEMM; the parts run on the threads at once.
     */
    private final class Chunks implements Parallel.Task {
        private Step step;
        private Tensor source;
        private Window geometry;
        private int m;
        private int size;
        private int count;

        /** Runs {@code step} over {@code source} and returns how many parts ran. */
        int run(Step step, Tensor source, Window geometry, int m) {
            this.step = step;
            this.source = source;
            this.geometry = geometry;
            this.m = m;
            size = chunkPositions(geometry.patch(), m);
            count = (geometry.positions() + size - 1) / size;
            if (count <= Parallel.threads()) {
                // no more chunks than threads (a few samples), which would leave threads idle or waiting: one chunk
                // per thread while each keeps MIN_SPLIT columns, evened out (a single image's 784 positions as
                // 392 + 392 rather than 768 + 16, of which one thread would wait for the other)
                long columns = (long) geometry.positions() * m;
                count = (int) Math.max(count, Math.min(Parallel.threads(), columns / MIN_SPLIT));
                size = (geometry.positions() + count - 1) / count;
            }
            int parts = Math.min(Parallel.threads(), count);
            if (partCols.length < parts) {
                partCols = Arrays.copyOf(partCols, parts);
                partColsOfGradient = Arrays.copyOf(partColsOfGradient, parts);
                partGrad = Arrays.copyOf(partGrad, parts);
                partImage = Arrays.copyOf(partImage, parts);
                partRuns = Arrays.copyOf(partRuns, parts);
            }
            try {
                Parallel.run(this, parts);
            } finally {
                this.source = null;
            }
            return parts;
        }

        @Override
        public void run(int part, int parts) {
            int patch = geometry.patch();
            // each geometry keeps its own workspaces, so that neither is reshaped (a new view) at every step
            Tensor[] workspaces = step == Step.INPUT_GRADIENT ? partColsOfGradient : partCols;
            Tensor cols = workspaces[part] = Tensor.reuse(workspaces[part], dtype, patch, size * m);
            if (step == Step.WEIGHT_GRADIENT) {
                partGrad[part] = Tensor.reuse(partGrad[part], dtype, filters, patch);
            }
            Tensor image = null;
            Tensor[] runs = null;
            if (step == Step.SCATTER) {
                image = part == 0 ? dInput : (partImage[part] = Tensor.reuse(partImage[part], dtype, inputSize(), m));
                Ops.fill(image, 0);
                runs = partRuns[part] == null ? (partRuns[part] = new Tensor[2]) : partRuns[part];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = Tensor.reuse(runs[i], dtype, 1, geometry.outWidth() * m);
                }
            }
            int first = (int) ((long) count * part / parts);
            int last = (int) ((long) count * (part + 1) / parts);
            for (int k = first; k < last; k++) {
                int from = k * size;
                int to = Math.min(geometry.positions(), from + size);
                int n = (to - from) * m;
                Tensor w = weights.w().value();
                if (step != Step.SCATTER) {
                    kernels.im2col(source, geometry, m, from, to, cols);
                }
                switch (step) {
                    case FORWARD -> Ops.gemm(false, false, filters, n, patch, 1, w, 0, cols, 0, 0, target, from * m);
                    case WEIGHT_GRADIENT -> Ops.gemm(false, true, filters, patch, n, 1, gradient, from * m, cols, 0,
                            k == first ? 0 : 1, partGrad[part], 0);
                    case INPUT_GRADIENT -> Ops.gemm(false, false, window.channels(), n, patch, 1, flipped, 0, cols,
                            0, 0, target, from * m);
                    case SCATTER -> {
                        Ops.gemm(true, false, patch, n, filters, 1, w, 0, gradient, from * m, 0, cols, 0);
                        kernels.col2im(cols, geometry, m, from, to, runs, image);
                    }
                }
            }
        }
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
                        + strideW + ", padding " + padding + " (zeros outside the image); made a few positions at "
                        + "a time, never whole", null),
                new Equation(at("Z", l) + " = " + at("W", l) + "·" + at("X̂", l) + (weights.hasBias() ? " + "
                        + at("b", l) : ""), shape(filters, patch) + "·" + shape(patch, columns)
                        + (weights.hasBias() ? " + " + shape(filters, 1) : "") + " → " + shape(filters, columns)
                        + " = " + outputShape() + "×m", "one GEMM per chunk of positions, each while its X̂ is in "
                        + "the cache; the F × (OH·OW·m) result is the output batch as it lies", ran ? z : null));
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        boolean ran = dInput != null && dInput.cols() == m && needInputGradient;
        int patch = window.patch();
        int columns = window.positions() * m;
        String skipped = needInputGradient ? "" : "skipped: nothing below layer " + l + " needs it";
        List<Equation> weightGradients = List.of(
                new Equation(at("dW", l) + " = " + at("dZ", l) + "·" + at("X̂", l) + "ᵀ / m",
                        shape(filters, columns) + "·" + shape(columns, patch) + " → " + shape(filters, patch),
                        "dZ[" + l + "] = dA[" + l + "] seen as F × (OH·OW·m); X̂ made again chunk by chunk", null),
                new Equation(at("db", l) + " = Σ " + at("dZ", l) + " / m", "Σ over the OH·OW·m columns of "
                        + shape(filters, columns) + " → " + shape(filters, 1), weights.hasBias() ? "" : "no bias",
                        null));
        if (transposed != null) {
            int flippedPatch = transposed.patch();
            int inputColumns = transposed.positions() * m;
            return java.util.stream.Stream.concat(weightGradients.stream(), java.util.stream.Stream.of(
                    new Equation(at("dA", l - 1) + " = W̃·im2col(" + at("dZ", l) + ")", shape(window.channels(),
                            flippedPatch) + "·" + shape(flippedPatch, inputColumns) + " → " + inputShape() + "×m",
                            needInputGradient ? "stride 1: the input gradient is dZ convolved with W̃[c, (f, i, j)] = "
                            + "W[f, c, kh−1−i, kw−1−j], the kernels turned by 180°, padding " + transposed.padTop()
                            + "×" + transposed.padLeft() + "; a GEMM per chunk, no scatter-add" : skipped,
                            ran ? dInput : null))).toList();
        }
        return java.util.stream.Stream.concat(weightGradients.stream(), java.util.stream.Stream.of(
                new Equation(at("dX̂", l) + " = " + at("W", l) + "ᵀ·" + at("dZ", l), shape(patch, filters) + "·"
                        + shape(filters, columns) + " → " + shape(patch, columns), needInputGradient ? "a chunk of "
                        + "positions at a time, never whole" : skipped, null),
                new Equation(at("dA", l - 1) + " = col2im(" + at("dX̂", l) + ")", shape(patch, columns) + " → "
                        + inputShape() + "×m", needInputGradient ? "each window's gradient added back where it read"
                        : skipped, ran ? dInput : null))).toList();
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

package org.nn4j.layers;

import static org.nn4j.layers.Equation.at;
import static org.nn4j.layers.Equation.shape;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * A fully connected layer with its activation: Z = W·A_prev + b, A = g(Z).
 *
 * <p>Shapes for a batch of m samples: W is {@code units × inputSize}, b is {@code units × 1}, A_prev is
 * {@code inputSize × m}, Z and A are {@code units × m}. Backward, from dA (per sample):
 * dZ = dA ∘ g′(Z) (a Jacobian-vector product for softmax), dW = dZ·A_prevᵀ / m, db = Σ_columns dZ / m,
 * dA_prev = Wᵀ·dZ. When the loss is fused with the activation (softmax + cross-entropy, sigmoid + binary
 * cross-entropy) the model's head supplies dZ = A − Y directly through {@link #backwardFromPreActivation}.
 *
 * <p>Optional regularisation of W: L1/L2 penalties (their gradient is added to dW, their value to the loss) and a
 * max-norm constraint, ‖W[u, :]‖₂ ≤ c for each unit's incoming weights, enforced after every optimiser step
 * (Srivastava et al. 2014, §5.1, where it pairs with dropout); {@code Conv2D} shares this plumbing.
 *
 * <p>{@code Dense(units, RELU)} is the familiar shorthand for {@code Dense(units, LINEAR)} followed by
 * {@code ActivationLayer(RELU)}: the same activation objects, with the bias and activation applied in one pass.
 * A dense layer takes a vector of features; an image needs a {@link Flatten} first.
 */
public final class Dense extends WeightedLayer {
    private final int units;
    private final Activation activation;
    private int inputSize = -1;
    private DType dtype;
    private Parameter w;
    private Parameter b;
    private Tensor input;
    private boolean inputSampleMajor;
    private Tensor z;
    private Tensor a;
    /** {@link #predictSamples}'s Zᵀ and Aᵀ, apart from the forward pass's, which backward and explain read. */
    private Tensor zRows;
    private Tensor aRows;
    private Tensor dZ;
    private Tensor lastDZ;
    private Tensor dInput;

    /** A linear layer of {@code units} neurons, Z = W·A_prev + b, initialised by Glorot. */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    /** A layer of {@code units} neurons with the initialiser suited to its activation (He or Glorot). */
    public Dense(int units, Activation activation) {
        this(units, activation, activation.defaultInitializer());
    }

    /** A layer of {@code units} neurons whose W starts from {@code initializer}. */
    public Dense(int units, Activation activation, Initializer initializer) {
        this(units, activation, initializer, Regularizer.NONE, 0);
    }

    /** A layer whose W is penalised by {@code regularizer} and, if {@code maxNorm} &gt; 0, max-norm constrained. */
    public Dense(int units, Activation activation, Initializer initializer, Regularizer regularizer, double maxNorm) {
        super(new Weights(initializer, regularizer, maxNorm, true));
        requireValid(units, maxNorm);
        this.units = units;
        this.activation = activation;
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (this.inputSize >= 0) {
            throw new IllegalStateException("this Dense layer already belongs to a model");
        }
        if (input.isImage()) {
            throw new IllegalArgumentException("Dense(" + units + ") takes a vector of features, not an image "
                    + input + ": put a Flatten (or a global pooling) before it");
        }
        this.inputSize = input.size();
        this.dtype = dtype;
        weights.declare(units, inputSize, units);
        w = weights.w();
        b = weights.b();
        return Shape.features(units);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != inputSize) {
            throw new IllegalArgumentException("Dense(" + units + ") expects " + inputSize + " input rows, got "
                    + x.shape());
        }
        return affine(x, false);
    }

    /**
     * The same output from a sample-major input, {@code m × inputSize} (one sample per row, as data sets store
     * them): Z = W·Xᵀ + b, with the transpose left to the GEMM, so a batch is read where it lies instead of being
     * copied into columns first. The backward pass then computes dW = dZ·X.
     */
    @Override
    public Tensor forwardSamples(Tensor samples, boolean training) {
        requireSamples(samples);
        return affine(samples, true);
    }

    /**
     * Zᵀ = X·Wᵀ + b and Aᵀ = g(Zᵀ) sample by sample, for a sample-major X ({@code m × inputSize}): the transposes of Z
     * and A. OpenBLAS multiplies in this orientation faster than W·Xᵀ here (T1's three products for 1024 samples:
     * 2,660 µs against 2,917 in {@code GemmBench}), and the next dense layer, or the caller, reads the samples where
     * they lie. The bias goes in first and the GEMM adds the product to it, as PyTorch's addmm does: added
     * afterwards, it is read at each element's column, and such a loop does not vectorise (a ReLU pass with it took
     * 5× as long). The forward pass's input, Z and A, which backward reads, are left as they were.
     */
    @Override
    public Tensor predictSamples(Tensor samples) {
        requireSamples(samples);
        int m = samples.rows();
        zRows = Tensor.reuse(zRows, dtype, m, units);
        aRows = Tensor.reuse(aRows, dtype, m, units);
        Ops.fillRows(zRows, b.value());
        Ops.gemm(false, true, 1, samples, w.value(), 1, zRows);
        activation.forwardRows(zRows, aRows);
        return aRows;
    }

    private void requireSamples(Tensor samples) {
        if (samples.cols() != inputSize) {
            throw new IllegalArgumentException("Dense(" + units + ") expects samples of " + inputSize
                    + " features, got " + samples.shape());
        }
    }

    /** Z = W·op(x) + b and A = g(Z), op(x) = xᵀ for a sample-major input. */
    private Tensor affine(Tensor x, boolean sampleMajor) {
        int m = sampleMajor ? x.rows() : x.cols();
        input = x;
        inputSampleMajor = sampleMajor;
        z = Tensor.reuse(z, dtype, units, m);
        a = Tensor.reuse(a, dtype, units, m);
        Ops.gemm(false, sampleMajor, 1, w.value(), x, 0, z);
        activation.forward(z, b.value(), a);
        return a;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        dZ = Tensor.reuse(dZ, dtype, units, dA.cols());
        activation.backward(z, a, dA, dZ);
        return backwardFromPreActivation(dZ, needInputGradient);
    }

    /** The backward pass from dZ = ∂L/∂Z (per sample), skipping the activation. */
    @Override
    public Tensor backwardFromPreActivation(Tensor dZ, boolean needInputGradient) {
        int m = dZ.cols();
        lastDZ = dZ;
        Ops.gemm(false, !inputSampleMajor, 1.0 / m, dZ, input, 0, w.grad());
        weights.addPenaltyGradient();
        Ops.rowSums(dZ, 1.0 / m, b.grad());
        if (!needInputGradient) {
            return null;
        }
        dInput = Tensor.reuse(dInput, dtype, inputSize, m);
        Ops.gemm(true, false, 1, w.value(), dZ, 0, dInput);
        return dInput;
    }

    @Override
    public List<Equation> forwardEquations(int l, int m) {
        boolean ran = z != null && z.cols() == m;
        String mix = Activation.SOFTMAX.equals(activation) ? "over the units of each column" : "element-wise";
        return List.of(
                new Equation(at("Z", l) + " = " + at("W", l) + "·" + at("A", l - 1) + " + " + at("b", l),
                        shape(units, inputSize) + "·" + shape(inputSize, m) + " + " + shape(units, 1) + " → "
                                + shape(units, m), "b is added to each of the m columns", ran ? z : null),
                new Equation(at("A", l) + " = " + activation.name() + "(" + at("Z", l) + ")",
                        shape(units, m) + " → " + shape(units, m), mix, ran ? a : null));
    }

    /** {@link #backward}: dZ through the activation's derivative, then {@link #backwardFromPreActivationEquations}. */
    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        List<Equation> steps = new ArrayList<>();
        String g = "g′: " + activation.derivative();
        boolean ran = dZ != null && dZ.cols() == m;
        steps.add(Activation.SOFTMAX.equals(activation)
                ? new Equation(at("dZ", l) + " = " + at("A", l) + " ∘ (" + at("dA", l) + " − 1·(1ᵀ·(" + at("A", l)
                        + " ∘ " + at("dA", l) + ")))", shape(units, m) + " → " + shape(units, m),
                        g + " (a Jacobian-vector product per column)", ran ? dZ : null)
                : new Equation(at("dZ", l) + " = " + at("dA", l) + " ∘ g′(" + at("Z", l) + ")",
                        shape(units, m) + " ∘ " + shape(units, m) + " → " + shape(units, m), g, ran ? dZ : null));
        steps.addAll(backwardFromPreActivationEquations(l, m, needInputGradient));
        return steps;
    }

    /** {@link #backwardFromPreActivation}: the gradients of W and b, then dA[l−1] if it is needed. */
    @Override
    public List<Equation> backwardFromPreActivationEquations(int l, int m, boolean needInputGradient) {
        boolean ran = lastDZ != null && lastDZ.cols() == m;
        return List.of(
                new Equation(at("dW", l) + " = " + at("dZ", l) + "·" + at("A", l - 1) + "ᵀ / m",
                        shape(units, m) + "·" + shape(m, inputSize) + " → " + shape(units, inputSize), "",
                        ran ? w.grad() : null),
                new Equation(at("db", l) + " = Σ " + at("dZ", l) + " / m",
                        "Σ over the m columns of " + shape(units, m) + " → " + shape(units, 1), "",
                        ran ? b.grad() : null),
                new Equation(at("dA", l - 1) + " = " + at("W", l) + "ᵀ·" + at("dZ", l),
                        shape(inputSize, units) + "·" + shape(units, m) + " → " + shape(inputSize, m),
                        needInputGradient ? "" : "skipped: nothing below layer " + l + " needs it",
                        ran && needInputGradient ? dInput : null));
    }

    /** Z of the last forward pass. */
    @Override
    public Tensor preActivation() {
        return z;
    }

    /** A of the last forward pass. */
    public Tensor output() {
        return a;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public double kinkDistance() {
        return ActivationLayer.kinkDistance(activation, z);
    }

    @Override
    public boolean readsSamples() {
        return true;
    }

    @Override
    public boolean keepsSamples() {
        return activation.computesRows();
    }

    /** The number of neurons. */
    public int units() {
        return units;
    }

    private static void requireValid(int units, double maxNorm) {
        if (units <= 0) {
            throw new IllegalArgumentException("a dense layer needs at least one unit, got " + units);
        }
        Weights.requireMaxNorm(maxNorm);
    }

    /** The penalty on W. */
    public Regularizer regularizer() {
        return weights.regularizer();
    }

    @Override
    public Shape inputShape() {
        return Shape.features(inputSize);
    }

    @Override
    public Shape outputShape() {
        return Shape.features(units);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.dense(this);
    }

    @Override
    public Config config() {
        Regularizer r = weights.regularizer();
        return new Config(units, activation.name(), weights.initializer().id(), r.l1(), r.l2(), weights.maxNorm());
    }

    @Override
    public String describe() {
        return "Dense(" + activation.name() + ")";
    }

    /** {@link #describe()} with the number of units, for logs and {@code Sequential.toString}. */
    @Override
    public String toString() {
        return "Dense(" + units + ", " + activation.name() + ")";
    }

    /**
     * The settings of a dense layer; {@code initializer} may be null for the activation's default; {@code l1},
     * {@code l2} penalise W (see {@link Regularizer}) and {@code maxNorm} &gt; 0 bounds each unit's incoming
     * weights; zeros mean none.
     *
     * @param units       the number of output units (≥ 1)
     * @param activation  the activation's name
     * @param initializer the weights' initialiser's name, or null for the activation's default
     * @param l1          the L1 penalty on W (≥ 0)
     * @param l2          the L2 penalty on W (≥ 0)
     * @param maxNorm     the bound on each unit's incoming weight norm, 0 for none
     */
    public record Config(int units, String activation, String initializer, double l1, double l2, double maxNorm)
            implements LayerConfig {
        public Config {
            requireValid(units, maxNorm);
            Activation.parse(activation);
            if (initializer != null) {
                Initializer.parse(initializer);
            }
            new Regularizer(l1, l2);
        }

        /** A fresh layer with these settings. */
        @Override
        public Dense create() {
            Activation g = Activation.parse(activation);
            return new Dense(units, g, initializer == null ? g.defaultInitializer() : Initializer.parse(initializer),
                    new Regularizer(l1, l2), maxNorm);
        }
    }
}

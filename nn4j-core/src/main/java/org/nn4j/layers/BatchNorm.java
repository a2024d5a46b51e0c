package org.nn4j.layers;

import java.util.List;
import org.nn4j.initializers.Initializer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Batch normalisation of each feature over the batch (Ioffe &amp; Szegedy 2015, Algorithm 1):
 * μ = Σ x / m, σ² = Σ (x − μ)² / m, x̂ = (x − μ) / √(σ² + ε), y = γ·x̂ + β, with learnable γ (from 1) and β
 * (from 0), one per feature.
 *
 * <p>In training the batch statistics are used, and running estimates follow them as in PyTorch:
 * running_mean ← (1 − momentum)·running_mean + momentum·μ, and likewise running_var with the unbiased
 * σ²·m/(m − 1) (the paper's Algorithm 2). At inference the running estimates replace μ and σ², so a sample's
 * output does not depend on its batch. The running statistics are the layer's {@link #state()}.
 *
 * <p>Backward (training mode; g = ∂L/∂y per sample): ∂γ = Σ g·x̂ / m, ∂β = Σ g / m,
 * dX = γ/√(σ² + ε) · (g − mean(g) − x̂·mean(g·x̂)), the exact derivative through μ and σ² as well as x.
 * Defaults are PyTorch's BatchNorm1d: momentum 0.1, ε = 1e−5.
 */
public final class BatchNorm implements Layer {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPSILON = 1e-5;
    private final double momentum;
    private final double epsilon;
    private int size = -1;
    private DType dtype;
    private Parameter gamma;
    private Parameter beta;
    private Parameter runningMean;
    private Parameter runningVar;
    private Tensor batchMean;
    private Tensor batchVar;
    private Tensor xhat;
    private Tensor y;
    private Tensor dInput;

    /** Batch normalisation with PyTorch's defaults. */
    public BatchNorm() {
        this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    public BatchNorm(double momentum, double epsilon) {
        Config config = new Config(momentum, epsilon);
        this.momentum = config.momentum();
        this.epsilon = config.epsilon();
    }

    @Override
    public int build(int inputSize, DType dtype) {
        if (size >= 0) {
            throw new IllegalStateException("this BatchNorm layer already belongs to a model");
        }
        if (inputSize <= 0) {
            throw new IllegalArgumentException("batch normalisation needs a positive input size, got " + inputSize);
        }
        this.size = inputSize;
        this.dtype = dtype;
        gamma = new Parameter("gamma", size, 1, Initializer.ONES, size, size);
        beta = new Parameter("beta", size, 1, Initializer.ZEROS, size, size);
        runningMean = Parameter.state("running_mean", size, 1, Initializer.ZEROS);
        runningVar = Parameter.state("running_var", size, 1, Initializer.ONES);
        batchMean = Tensor.zeros(dtype, size, 1);
        batchVar = Tensor.zeros(dtype, size, 1);
        return size;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != size) {
            throw new IllegalArgumentException("BatchNorm(" + size + ") expects " + size + " input rows, got "
                    + x.shape());
        }
        int m = x.cols();
        y = Tensor.reuse(y, dtype, size, m);
        if (!training) {
            Ops.batchNormForward(x, runningMean.value(), runningVar.value(), epsilon, gamma.value(), beta.value(),
                    y, y);
            return y;
        }
        if (m < 2) {
            throw new IllegalArgumentException("batch normalisation needs at least 2 samples per training batch, "
                    + "got 1 (choose a batch size that leaves no batch of one sample)");
        }
        xhat = Tensor.reuse(xhat, dtype, size, m);
        Ops.rowMoments(x, batchMean, batchVar);
        Ops.batchNormForward(x, batchMean, batchVar, epsilon, gamma.value(), beta.value(), xhat, y);
        Ops.axpby(1 - momentum, runningMean.value(), momentum, batchMean, runningMean.value());
        Ops.axpby(1 - momentum, runningVar.value(), momentum * m / (m - 1), batchVar, runningVar.value());
        return y;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        dInput = Tensor.reuse(dInput, dtype, size, dA.cols());
        Ops.batchNormBackward(dA, xhat, batchVar, epsilon, gamma.value(), gamma.grad(), beta.grad(), dInput);
        return needInputGradient ? dInput : null;
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return List.of(gamma, beta);
    }

    @Override
    public List<Parameter> state() {
        requireBuilt();
        return List.of(runningMean, runningVar);
    }

    private void requireBuilt() {
        if (gamma == null) {
            throw new IllegalStateException("BatchNorm is not built yet: add it to a model");
        }
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public Config config() {
        return new Config(momentum, epsilon);
    }

    @Override
    public String describe() {
        return "BatchNorm";
    }

    /** {@link #describe()}, for logs and {@code Sequential.toString}. */
    @Override
    public String toString() {
        return describe();
    }

    /** Batch normalisation settings: the running statistics' momentum in (0, 1], and ε &gt; 0. */
    public record Config(double momentum, double epsilon) implements LayerConfig {
        public Config {
            if (!(momentum > 0 && momentum <= 1)) {
                throw new IllegalArgumentException("batch norm momentum must lie in (0, 1], got " + momentum);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("batch norm epsilon must be positive, got " + epsilon);
            }
        }

        @Override
        public BatchNorm create() {
            return new BatchNorm(momentum, epsilon);
        }
    }
}

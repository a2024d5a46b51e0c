package org.nn4j.layers;

import java.util.List;
import org.nn4j.initializers.Initializer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
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
 *
 * <p>After a convolution (an image input (C, H, W)) the layer normalises each channel over the batch and the
 * pixels, as PyTorch's {@code BatchNorm2d}: the statistics of channel c are taken over all N·H·W values, and γ, β
 * and the running statistics have one value per channel. In the feature-major layout the C·H·W × m batch is a
 * C × (H·W·m) matrix whose row c holds channel c, so the per-feature kernels serve unchanged, with n = H·W·m in
 * place of m; only ∂γ and ∂β, averaged over n by the kernel, are scaled by H·W to be averages over the m samples.
 */
public final class BatchNorm implements Layer {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPSILON = 1e-5;
    private final double momentum;
    private final double epsilon;
    private int size = -1;
    private Shape shape;
    private int pixels;
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
    private final Reshaped xView = new Reshaped();
    private final Reshaped yView = new Reshaped();
    private final Reshaped gView = new Reshaped();
    private final Reshaped dView = new Reshaped();

    /** Batch normalisation with PyTorch's defaults. */
    public BatchNorm() {
        this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    /** Batch normalisation whose running statistics follow with {@code momentum}, dividing by √(σ² + ε). */
    public BatchNorm(double momentum, double epsilon) {
        Config config = new Config(momentum, epsilon);
        this.momentum = config.momentum();
        this.epsilon = config.epsilon();
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (size >= 0) {
            throw new IllegalStateException("this BatchNorm layer already belongs to a model");
        }
        this.shape = input;
        this.size = input.channels();
        this.pixels = input.pixels();
        this.dtype = dtype;
        gamma = new Parameter("gamma", size, 1, Initializer.ONES, size, size);
        beta = new Parameter("beta", size, 1, Initializer.ZEROS, size, size);
        runningMean = Parameter.state("running_mean", size, 1, Initializer.ZEROS);
        runningVar = Parameter.state("running_var", size, 1, Initializer.ONES);
        batchMean = Tensor.zeros(dtype, size, 1);
        batchVar = Tensor.zeros(dtype, size, 1);
        return input;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != shape.size()) {
            throw new IllegalArgumentException("BatchNorm" + shape + " expects " + shape.size() + " input rows, got "
                    + x.shape());
        }
        int m = x.cols();
        y = Tensor.reuse(y, dtype, x.rows(), m);
        Tensor xc = xView.of(x, size);
        Tensor yc = yView.of(y, size);
        if (!training) {
            Ops.batchNormForward(xc, runningMean.value(), runningVar.value(), epsilon, gamma.value(), beta.value(),
                    yc, yc);
            return y;
        }
        int n = xc.cols();
        if (n < 2) {
            throw new IllegalArgumentException("batch normalisation needs at least 2 samples per training batch, "
                    + "got 1 (choose a batch size that leaves no batch of one sample)");
        }
        xhat = Tensor.reuse(xhat, dtype, size, n);
        Ops.rowMoments(xc, batchMean, batchVar);
        Ops.batchNormForward(xc, batchMean, batchVar, epsilon, gamma.value(), beta.value(), xhat, yc);
        Ops.axpby(1 - momentum, runningMean.value(), momentum, batchMean, runningMean.value());
        Ops.axpby(1 - momentum, runningVar.value(), momentum * n / (n - 1), batchVar, runningVar.value());
        return y;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        dInput = Tensor.reuse(dInput, dtype, dA.rows(), dA.cols());
        Ops.batchNormBackward(gView.of(dA, size), xhat, batchVar, epsilon, gamma.value(), gamma.grad(), beta.grad(),
                dView.of(dInput, size));
        if (pixels > 1) {
            Ops.scale(gamma.grad(), pixels);
            Ops.scale(beta.grad(), pixels);
        }
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
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.batchNorm(this);
    }

    @Override
    public Config config() {
        return new Config(momentum, epsilon);
    }

    @Override
    public String describe() {
        return shape != null && shape.isImage() ? "BatchNorm2D" : "BatchNorm";
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

        /** A fresh layer with these settings. */
        @Override
        public BatchNorm create() {
            return new BatchNorm(momentum, epsilon);
        }
    }
}

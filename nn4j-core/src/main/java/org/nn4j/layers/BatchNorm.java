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
    private Synchronised synchronised;

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
        xhat = Tensor.reuse(xhat, dtype, size, n);
        Ops.rowMoments(xc, batchMean, batchVar);
        int batch = synchronised == null ? n : synchronised.moments(n, batchMean, batchVar);
        if (batch < 2) {
            throw new IllegalArgumentException("batch normalisation needs at least 2 samples per training batch, "
                    + "got 1 (choose a batch size that leaves no batch of one sample)");
        }
        Ops.batchNormForward(xc, batchMean, batchVar, epsilon, gamma.value(), beta.value(), xhat, yc);
        updateRunningStatistics(batchMean, batchVar, batch);
        return y;
    }

    /** running ← (1 − momentum)·running + momentum·batch, the variance made unbiased with m/(m − 1). */
    private void updateRunningStatistics(Tensor mean, Tensor var, int m) {
        Ops.axpby(1 - momentum, runningMean.value(), momentum, mean, runningMean.value());
        Ops.axpby(1 - momentum, runningVar.value(), momentum * m / (m - 1), var, runningVar.value());
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        dInput = Tensor.reuse(dInput, dtype, dA.rows(), dA.cols());
        Tensor g = gView.of(dA, size);
        Tensor dX = dView.of(dInput, size);
        Ops.batchNormBackward(g, xhat, batchVar, epsilon, gamma.value(), gamma.grad(), beta.grad(), dX);
        if (synchronised != null) {
            synchronised.gradientMeans(g.cols(), gamma.grad(), beta.grad());
            Ops.batchNormInputGradient(g, xhat, batchVar, epsilon, gamma.value(), synchronised.meanGxhat,
                    synchronised.meanG, dX);
        }
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

    /** {@link #describe()}, for logs and {@code Sequential.toString}. */
    @Override
    public String toString() {
        return describe();
    }

    // ---- Synchronised batch statistics, for data-parallel training ---------------------------------------------

    /**
     * Sums a vector over the replicas of one data-parallel step and returns the total, the same on every replica
     * (an all-reduce). Every replica calls it the same number of times per step, in the same order.
     */
    public interface AllReduce {
        /** The element-wise sum of {@code local} over all replicas. */
        double[] sum(double[] local);
    }

    /**
     * Makes training passes normalise with the statistics of the global batch that this replica holds a share of
     * (synchronised batch normalisation, as PyTorch's SyncBatchNorm): each forward pass all-reduces the sums of x and
     * x² and the sample count, each backward pass the sums of g·x̂ and g, so that a model split over replicas
     * computes the gradient one process computes on the whole batch. The running statistics follow the global
     * batch. Null goes back to this batch alone.
     */
    public void synchronise(AllReduce allReduce) {
        requireBuilt();
        synchronised = allReduce == null ? null : new Synchronised(allReduce, size, dtype);
    }

    /** The local sums [m, Σx (one per feature), Σx² (one per feature)] of the last synchronised forward pass. */
    public double[] localSums() {
        return synchronised.localSums;
    }

    /**
     * Takes part in a synchronised step with no samples of the batch: the forward pass's all-reduce, then (with
     * {@code forward} false) the backward pass's, each with zeros.
     */
    public void joinWithoutSamples(boolean forward) {
        synchronised.allReduce.sum(new double[forward ? 1 + 2 * size : 2 * size]);
    }

    /**
     * Updates the running statistics from a global batch's sums [m, Σx, Σx²] — what a data-parallel trainer's own
     * copy of the layer does with the replicas' summed {@link #localSums()} — exactly as the replicas did. The sums'
     * moments become the layer's batch statistics.
     */
    public void updateRunningStatistics(double[] sums) {
        requireBuilt();
        updateRunningStatistics(batchMean, batchVar, Synchronised.globalMoments(sums, batchMean, batchVar));
    }

    /** The exchanges of one synchronised layer and the buffers they use (allocated once). */
    private static final class Synchronised {
        private final AllReduce allReduce;
        private final double[] localSums;
        private final double[] gradientSums;
        private final Tensor meanGxhat;
        private final Tensor meanG;
        private int batch;

        Synchronised(AllReduce allReduce, int size, DType dtype) {
            this.allReduce = allReduce;
            this.localSums = new double[1 + 2 * size];
            this.gradientSums = new double[2 * size];
            this.meanGxhat = Tensor.zeros(dtype, size, 1);
            this.meanG = Tensor.zeros(dtype, size, 1);
        }

        /**
         * Replaces this replica's moments of m samples by the global batch's; returns the global batch size.
         * Σx = m·μ and Σx² = m·(σ² + μ²) per feature.
         */
        int moments(int m, Tensor mean, Tensor var) {
            int n = mean.size();
            localSums[0] = m;
            for (int r = 0; r < n; r++) {
                double mu = mean.getFlat(r);
                localSums[1 + r] = m * mu;
                localSums[1 + n + r] = m * (var.getFlat(r) + mu * mu);
            }
            batch = globalMoments(allReduce.sum(localSums), mean, var);
            return batch;
        }

        /** μ = Σx / m and σ² = Σx² / m − μ² from sums [m, Σx, Σx²]; returns m. */
        static int globalMoments(double[] sums, Tensor mean, Tensor var) {
            int n = mean.size();
            double m = sums[0];
            for (int r = 0; r < n; r++) {
                double mu = sums[1 + r] / m;
                mean.setFlat(r, mu);
                var.setFlat(r, Math.max(sums[1 + n + r] / m - mu * mu, 0));
            }
            return (int) m;
        }

        /** The global means of g·x̂ and g from this replica's means over its m samples. */
        void gradientMeans(int m, Tensor localMeanGxhat, Tensor localMeanG) {
            int n = meanG.size();
            for (int r = 0; r < n; r++) {
                gradientSums[r] = m * localMeanGxhat.getFlat(r);
                gradientSums[n + r] = m * localMeanG.getFlat(r);
            }
            double[] total = allReduce.sum(gradientSums);
            for (int r = 0; r < n; r++) {
                meanGxhat.setFlat(r, total[r] / batch);
                meanG.setFlat(r, total[n + r] / batch);
            }
        }
    }

    /**
     * Batch normalisation settings: the running statistics' momentum in (0, 1], and ε &gt; 0.
     *
     * @param momentum the weight of each batch in the running statistics, in (0, 1]
     * @param epsilon  added to the variance before its root (&gt; 0)
     */
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

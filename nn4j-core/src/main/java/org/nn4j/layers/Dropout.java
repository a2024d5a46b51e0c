package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Noise;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each input element is kept with probability 1 − p and
 * scaled by 1/(1 − p), else zeroed, so A = X ∘ M with M ∈ {0, 1/(1 − p)}; at inference the layer is the identity,
 * with no rescaling needed. Backward: dX = dA ∘ M.
 *
 * <p>The mask comes from the model's {@link Noise}: a function of the training seed, the step and this layer's
 * position, so runs are reproducible and repeated forward passes within one step see the same mask.
 * {@link #fixMask} replaces it by a given mask, which gradient checks use.
 */
public final class Dropout implements Layer {
    private final double rate;
    private int size = -1;
    private Shape shape;
    private DType dtype;
    private Noise noise;
    private int stream;
    private Tensor fixedMask;
    private Tensor mask;
    private Tensor out;
    private Tensor dInput;

    /** Drops each element with probability {@code rate} ∈ [0, 1) in training. */
    public Dropout(double rate) {
        this.rate = new Config(rate).rate();
    }

    @Override
    public Shape build(Shape input, DType dtype) {
        if (size >= 0) {
            throw new IllegalStateException("this Dropout layer already belongs to a model");
        }
        this.shape = input;
        this.size = input.size();
        this.dtype = dtype;
        return input;
    }

    @Override
    public void attachNoise(Noise noise, int stream) {
        this.noise = noise;
        this.stream = stream;
    }

    /** In inference dropout passes its input on, whatever the layout. */
    @Override
    public boolean keepsSamples() {
        return true;
    }

    @Override
    public Tensor predictSamples(Tensor samples) {
        if (samples.cols() != size) {
            throw new IllegalArgumentException("Dropout(" + rate + ") expects samples of " + size + " values, got "
                    + samples.shape());
        }
        return samples;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rows() != size) {
            throw new IllegalArgumentException("Dropout(" + rate + ") expects " + size + " input rows, got "
                    + x.shape());
        }
        if (!training || rate == 0) {
            mask = null;
            return x;
        }
        if (fixedMask != null) {
            if (!fixedMask.sameShape(x)) {
                throw new IllegalArgumentException("the fixed dropout mask is " + fixedMask.shape()
                        + " but the batch is " + x.shape());
            }
            mask = fixedMask;
        } else {
            if (noise == null) {
                throw new IllegalStateException("Dropout(" + rate + ") has no noise source: add it to a model");
            }
            mask = Tensor.reuse(mask, dtype, size, x.cols());
            Ops.dropoutMask(mask, noise.key(stream), rate, 1 / (1 - rate));
        }
        out = Tensor.reuse(out, dtype, size, x.cols());
        Ops.multiply(x, mask, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dA, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (mask == null) {
            return dA;
        }
        dInput = Tensor.reuse(dInput, dtype, size, dA.cols());
        Ops.multiply(dA, mask, dInput);
        return dInput;
    }

    /**
     * Uses {@code mask} (entries 0 or 1/(1 − rate), shaped like the batch) instead of drawing masks: a fixed mask
     * makes the training-mode loss a deterministic function of the weights, as a finite-difference check needs.
     */
    public void fixMask(Tensor mask) {
        this.fixedMask = mask;
    }

    public double rate() {
        return rate;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
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
        return visitor.dropout(this);
    }

    @Override
    public Config config() {
        return new Config(rate);
    }

    @Override
    public String describe() {
        return "Dropout(" + rate + ")";
    }

    /** {@link #describe()}, for logs and {@code Sequential.toString}. */
    @Override
    public String toString() {
        return describe();
    }

    /**
     * The settings of a dropout layer: the probability of dropping an element, in [0, 1).
     *
     * @param rate the probability of dropping a unit in training, in [0, 1)
     */
    public record Config(double rate) implements LayerConfig {
        public Config {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("a dropout rate must lie in [0, 1), got " + rate);
            }
        }

        /** A fresh layer with this rate. */
        @Override
        public Dropout create() {
            return new Dropout(rate);
        }
    }
}

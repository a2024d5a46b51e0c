package org.nn4j.layers;

import org.nn4j.initializers.Initializer;
import org.nn4j.tensor.Tensor;

/**
 * A trainable tensor and its gradient, as a layer declares it: name, shape, and how it starts. The model packs
 * all parameters of all layers into one flat vector (and their gradients into another) and attaches views of
 * them here, so optimisers and data-parallel training see two flat vectors while layers see matrices.
 *
 * <p>A layer's non-trainable state (batch normalisation's running statistics) is declared the same way through
 * {@link #state}: it has a value, stored in the model's flat state vector and saved in model files, but no
 * gradient, and optimisers never see it.
 */
public final class Parameter {
    private final String name;
    private final int rows;
    private final int cols;
    private final Initializer initializer;
    private final int fanIn;
    private final int fanOut;
    private final boolean trainable;
    private Tensor value;
    private Tensor grad;

    /**
     * @param name        short name within its layer, e.g. {@code W} or {@code b}
     * @param initializer how the values start; {@code fanIn}/{@code fanOut} set its scale
     */
    public Parameter(String name, int rows, int cols, Initializer initializer, int fanIn, int fanOut) {
        this(name, rows, cols, initializer, fanIn, fanOut, true);
    }

    /** Non-trainable state of {@code rows × cols} values starting from {@code initializer} (ones or zeros). */
    public static Parameter state(String name, int rows, int cols, Initializer initializer) {
        return new Parameter(name, rows, cols, initializer, rows, rows, false);
    }

    private Parameter(String name, int rows, int cols, Initializer initializer, int fanIn, int fanOut,
                      boolean trainable) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("parameter " + name + " needs a positive shape, got " + rows + "×" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format("parameter %s of %,d×%,d = %,d values is larger than one "
                    + "Java array holds (2^31 − 9)", name, rows, cols, (long) rows * cols));
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.initializer = initializer;
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.trainable = trainable;
    }

    /**
     * Gives this parameter its storage (called once, by the model that owns the flat vectors); {@code grad} is null
     * for non-trainable state.
     */
    public void attach(Tensor value, Tensor grad) {
        if (this.value != null) {
            throw new IllegalStateException("parameter " + name + " already belongs to a model");
        }
        if (value.rows() != rows || value.cols() != cols || (grad == null) == trainable
                || (grad != null && !grad.sameShape(value))) {
            throw new IllegalArgumentException("parameter " + name + " is " + rows + "×" + cols
                    + (trainable ? " with a gradient" : " without gradient") + ", storage is " + value.shape()
                    + " / " + (grad == null ? "none" : grad.shape()));
        }
        this.value = value;
        this.grad = grad;
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    public Initializer initializer() {
        return initializer;
    }

    public int fanIn() {
        return fanIn;
    }

    public int fanOut() {
        return fanOut;
    }

    /** The values (a view into the model's flat parameter vector). */
    public Tensor value() {
        requireAttached();
        return value;
    }

    /** False for state, which the model keeps but no optimiser updates. */
    public boolean trainable() {
        return trainable;
    }

    /** ∂L/∂value from the last backward pass (a view into the model's flat gradient vector). */
    public Tensor grad() {
        requireAttached();
        if (!trainable) {
            throw new IllegalStateException(name + " is non-trainable state and has no gradient");
        }
        return grad;
    }

    private void requireAttached() {
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " has no storage yet: add its layer to a model");
        }
    }

    @Override
    public String toString() {
        return name + " " + rows + "×" + cols;
    }
}

package org.nn4j.activations;

import java.util.function.DoubleUnaryOperator;
import org.nn4j.tensor.Derivative;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * An activation applied to each element on its own: a = g(z), dZ = dA ∘ g′(z). Subclasses give g and g′ as
 * scalar functions; the loops live in the tensor kernels.
 */
abstract class ElementwiseActivation extends NamedActivation {
    private final DoubleUnaryOperator value = this::value;
    private final Derivative slope = this::slope;

    /** g(z). */
    abstract double value(double z);

    /** g′(z), given also a = g(z), which is cheaper for sigmoid and tanh. */
    abstract double slope(double z, double a);

    @Override
    public void forward(Tensor z, Tensor a) {
        Ops.map(z, value, a);
    }

    /** Element by element, the layout makes no difference. */
    @Override
    public boolean computesRows() {
        return true;
    }

    @Override
    public void forwardRows(Tensor z, Tensor a) {
        forward(z, a);
    }

    @Override
    public void backward(Tensor z, Tensor a, Tensor dA, Tensor dZ) {
        Ops.mapBackward(z, a, dA, slope, dZ);
    }
}

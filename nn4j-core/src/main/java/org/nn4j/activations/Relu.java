package org.nn4j.activations;

import org.nn4j.initializers.Initializer;

/** ReLU(z) = max(0, z); its derivative is 1 for z &gt; 0 and 0 otherwise (0 is taken at z = 0). */
final class Relu extends ElementwiseActivation {
    @Override
    double value(double z) {
        return z > 0 ? z : 0;
    }

    @Override
    double slope(double z, double a) {
        return z > 0 ? 1 : 0;
    }

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public String derivative() {
        return "relu′(z) = 1[z > 0]";
    }

    @Override
    public Initializer defaultInitializer() {
        return Initializer.HE_NORMAL;
    }

    @Override
    public boolean isSmooth() {
        return false;
    }
}

package org.nn4j.activations;

/** The identity, for regression outputs: g(z) = z, g′ = 1. */
final class Linear extends ElementwiseActivation {
    @Override
    double value(double z) {
        return z;
    }

    @Override
    double slope(double z, double a) {
        return 1;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String derivative() {
        return "g′(z) = 1";
    }
}

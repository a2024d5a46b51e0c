package org.nn4j.activations;

/** σ(z) = 1 / (1 + e^−z); σ′ = σ(1 − σ). Evaluated so that e^x never overflows. */
final class Sigmoid extends ElementwiseActivation {
    @Override
    double value(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    @Override
    double slope(double z, double a) {
        return a * (1 - a);
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public String derivative() {
        return "σ′(z) = σ(z)·(1 − σ(z))";
    }
}

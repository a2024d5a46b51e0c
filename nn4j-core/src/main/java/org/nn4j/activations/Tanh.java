package org.nn4j.activations;

/** tanh(z); tanh′ = 1 − tanh². */
final class Tanh extends ElementwiseActivation {
    @Override
    double value(double z) {
        return Math.tanh(z);
    }

    @Override
    double slope(double z, double a) {
        return 1 - a * a;
    }

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public String derivative() {
        return "tanh′(z) = 1 − tanh²(z)";
    }
}

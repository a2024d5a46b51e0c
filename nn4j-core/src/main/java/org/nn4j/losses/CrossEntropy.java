package org.nn4j.losses;

import org.nn4j.activations.Activation;

/**
 * What the two cross-entropies share: each pairs with one output activation, classifies, and is fused with it so
 * that the output layer's gradient is dZ = A − Y (scaled per loss), never passing through g′.
 */
abstract class CrossEntropy implements Loss {
    private final String name;
    private final Activation output;
    private final String otherwise;

    /** {@code otherwise}: what to use with other outputs, for the error message. */
    CrossEntropy(String name, Activation output, String otherwise) {
        this.name = name;
        this.output = output;
        this.otherwise = otherwise;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public void validate(Activation activation, int units) {
        if (!output.equals(activation)) {
            throw new IllegalArgumentException(name + " needs a " + output.name() + " output layer, not "
                    + activation.name() + " (" + otherwise + ")");
        }
    }

    @Override
    public final boolean classifies() {
        return true;
    }

    @Override
    public final boolean fused() {
        return true;
    }

    @Override
    public final String gradientFormula() {
        return "dZ = A − Y";
    }

    @Override
    public final String toString() {
        return name;
    }
}

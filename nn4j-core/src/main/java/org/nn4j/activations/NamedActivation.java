package org.nn4j.activations;

import org.nn4j.initializers.Initializer;

/** What every activation shares: it is known by its name, and starts its layer with Glorot unless it says otherwise. */
abstract class NamedActivation implements Activation {
    @Override
    public Initializer defaultInitializer() {
        return Initializer.GLOROT_UNIFORM;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).name().equals(name());
    }

    @Override
    public int hashCode() {
        return name().hashCode();
    }
}

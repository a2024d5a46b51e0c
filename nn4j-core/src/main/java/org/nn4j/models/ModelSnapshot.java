package org.nn4j.models;

import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * A copy of a model's weights and state (parameters and running statistics) that can be put back: the best
 * epoch kept by early stopping, the last good epoch kept when training diverges. Capturing again reuses the
 * copy's storage.
 */
public final class ModelSnapshot {
    private final Tensor parameters;
    private final Tensor state;

    /** A snapshot of {@code model} as it is now. */
    public ModelSnapshot(Sequential model) {
        parameters = model.parameters().copy(model.dtype());
        state = model.state().copy(model.dtype());
    }

    /** Overwrites this snapshot with {@code model}'s current weights and state. */
    public void capture(Sequential model) {
        Ops.copy(model.parameters(), parameters);
        Ops.copy(model.state(), state);
    }

    /** Puts the captured weights and state back into {@code model}. */
    public void restore(Sequential model) {
        Ops.copy(parameters, model.parameters());
        Ops.copy(state, model.state());
    }

    /** The captured parameters, laid out like {@link Sequential#parameters()}. */
    public Tensor parameters() {
        return parameters;
    }
}

package org.nn4j.optimizers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.tensor.Tensor;

/**
 * A snapshot of an optimiser, enough to continue exactly where it stopped: which rule it is ({@code kind}, e.g.
 * {@code Adam}), the number of steps taken (Adam's bias correction depends on it), the current learning rate (a
 * schedule may have changed it), and its state vectors by name (Adam's {@code m} and {@code v}, momentum's
 * {@code velocity}), each flat and laid out like the model's parameter vector. Checkpoints store it.
 *
 * @param kind         the optimiser's name, e.g. {@code Adam}
 * @param iterations   steps taken so far
 * @param learningRate the rate at the moment of the snapshot
 * @param slots        state vectors by name, each laid out like the parameter vector
 */
public record OptimizerState(String kind, long iterations, double learningRate,
                             Map<String, Tensor> slots) {
    public OptimizerState {
        if (iterations < 0) {
            throw new IllegalArgumentException("an optimiser cannot have taken " + iterations + " steps");
        }
        Optimizer.requireLearningRate(learningRate);
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }
}

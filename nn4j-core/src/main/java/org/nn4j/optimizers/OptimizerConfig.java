package org.nn4j.optimizers;

import java.util.Locale;

/**
 * An optimiser's settings as an immutable, JSON-serialisable record; {@link #create} makes a fresh optimiser.
 */
public interface OptimizerConfig {
    /**
     * A new optimiser with these settings and no state.
     *
     * @return the optimiser
     */
    Optimizer create();

    /**
     * The base learning rate, before any schedule.
     *
     * @return the rate (&gt; 0)
     */
    double learningRate();

    /**
     * The optimiser called {@code name} ({@code sgd}, {@code momentum}, {@code nesterov}, {@code rmsprop},
     * {@code adagrad}, {@code adam}, {@code adamw}) with its published defaults and the given learning rate, or
     * that optimiser's default rate when {@code learningRate} is NaN.
     * @param name the optimiser's name, case-insensitive
     * @param learningRate the rate, or NaN for the optimiser's default
     * @return the settings
     * @throws IllegalArgumentException for an unknown name or a rate ≤ 0
     */
    static OptimizerConfig named(String name, double learningRate) {
        boolean dflt = Double.isNaN(learningRate);
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd": return new Sgd.Config(dflt ? Sgd.DEFAULT_LEARNING_RATE : learningRate, 0);
            case "momentum": return new Sgd.Config(dflt ? Sgd.DEFAULT_LEARNING_RATE : learningRate,
                    Sgd.DEFAULT_MOMENTUM);
            case "nesterov": return new Sgd.Config(dflt ? Sgd.DEFAULT_LEARNING_RATE : learningRate,
                    Sgd.DEFAULT_MOMENTUM, true);
            case "rmsprop": return RmsProp.Config.defaults(dflt ? RmsProp.DEFAULT_LEARNING_RATE : learningRate);
            case "adagrad": return AdaGrad.Config.defaults(dflt ? AdaGrad.DEFAULT_LEARNING_RATE : learningRate);
            case "adam": return Adam.Config.defaults(dflt ? Adam.DEFAULT_LEARNING_RATE : learningRate);
            case "adamw": return AdamW.Config.defaults(dflt ? Adam.DEFAULT_LEARNING_RATE : learningRate);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name
                        + "' (expected sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw)");
        }
    }
}

package org.nn4j.optimizers.schedules;

import java.util.Map;

/**
 * A learning-rate schedule at work: the trainer asks it for the rate of every batch and tells it each epoch's
 * metrics. Time is measured in epochs, fractionally: the batch b (0-based) of B in epoch e (1-based) gets the rate
 * at t = e − 1 + (b + ½)/B, the middle of the batch, so t lies strictly inside (0, epochs) and warm-ups and
 * decays are smooth across batches yet the same for every batch size.
 */
public interface Schedule {
    /** The learning rate at fractional epoch {@code t} ∈ (0, epochs) of a run whose base rate is {@code base}. */
    double rate(double base, double t, int epochs);

    /** Called after each epoch with its metrics; schedules that react to them (reduce on plateau) adapt here. */
    default void onEpochEnd(Map<String, Double> metrics) {
    }
}

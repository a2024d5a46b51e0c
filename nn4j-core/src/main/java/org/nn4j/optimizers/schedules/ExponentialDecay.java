package org.nn4j.optimizers.schedules;

/**
 * Exponential decay per epoch (PyTorch's ExponentialLR): lr = base · factor^(e − 1) in epoch e, so the first
 * epoch runs at the base rate.
 *
 * @param factor the multiplier per epoch, in (0, 1]
 */
public record ExponentialDecay(double factor) implements ScheduleConfig, Schedule {
    static final double DEFAULT_FACTOR = 0.95;

    public ExponentialDecay {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("an exponential schedule's factor must lie in (0, 1], got " + factor);
        }
    }

    @Override
    public double rate(double base, double t, int epochs) {
        return base * Math.pow(factor, Math.floor(t));
    }

    @Override
    public Schedule create() {
        return this;
    }
}

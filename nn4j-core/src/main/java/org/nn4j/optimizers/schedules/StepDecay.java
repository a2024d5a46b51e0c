package org.nn4j.optimizers.schedules;

/**
 * Step decay (PyTorch's StepLR): the rate is multiplied by {@code factor} every {@code every} epochs,
 * lr(t) = base · factor^⌊t / every⌋.
 *
 * @param every  epochs between drops (≥ 1)
 * @param factor the multiplier at each drop, in (0, 1]
 */
public record StepDecay(int every, double factor) implements ScheduleConfig, Schedule {
    static final double DEFAULT_FACTOR = 0.1;

    public StepDecay {
        if (every <= 0) {
            throw new IllegalArgumentException("a step schedule needs a positive period in epochs, got " + every);
        }
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("a step schedule's factor must lie in (0, 1], got " + factor);
        }
    }

    @Override
    public double rate(double base, double t, int epochs) {
        return base * Math.pow(factor, Math.floor(t / every));
    }

    @Override
    public Schedule create() {
        return this;
    }
}

package org.nn4j.optimizers.schedules;

/**
 * Cosine annealing (Loshchilov &amp; Hutter 2017, SGDR, one cycle without restarts) after a linear warm-up
 * (Goyal et al. 2017): for t &lt; W, lr = base · t / W; after it, with progress p = (t − W) / (T − W) ∈ [0, 1),
 * lr = minRate + (base − minRate) · (1 + cos πp) / 2, falling smoothly from base to minRate over the run.
 *
 * @param warmup  W, epochs of linear warm-up (0 for none); must leave at least one epoch of decay
 * @param minRate the rate the cosine ends at, ≥ 0
 */
public record CosineDecay(int warmup, double minRate) implements ScheduleConfig, Schedule {
    public CosineDecay {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up epochs must be ≥ 0, got " + warmup);
        }
        if (!(minRate >= 0) || Double.isInfinite(minRate)) {
            throw new IllegalArgumentException("the cosine schedule's minimum rate must be finite and ≥ 0, got "
                    + minRate);
        }
    }

    @Override
    public void validate(int epochs) {
        if (warmup >= epochs) {
            throw new IllegalArgumentException("a warm-up of " + warmup + " epochs leaves no epoch of decay in a run of "
                    + epochs);
        }
    }

    @Override
    public double rate(double base, double t, int epochs) {
        if (t < warmup) {
            return base * t / warmup;
        }
        double progress = (t - warmup) / (epochs - warmup);
        return minRate + (base - minRate) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Override
    public Schedule create() {
        return this;
    }
}

package org.nn4j.optimizers.schedules;

import java.util.Map;

/**
 * Reduce the rate on a plateau (Keras's ReduceLROnPlateau, PyTorch's ReduceLROnPlateau): when the monitored
 * metric has not improved for {@code patience} epochs, the rate is multiplied by {@code factor}, never going
 * below {@code minRate}; the count then starts again. Defaults as in both libraries: val_loss, factor 0.1,
 * patience 10, no minimum.
 */
public final class ReduceOnPlateau implements Schedule {
    private final Config config;
    private final Monitor monitor;
    private double best;
    private int wait;
    private double multiplier = 1;

    public ReduceOnPlateau(Config config) {
        this.config = config;
        this.monitor = new Monitor(config.monitor());
        this.best = monitor.worst();
    }

    @Override
    public double rate(double base, double t, int epochs) {
        return Math.max(base * multiplier, Math.min(base, config.minRate()));
    }

    @Override
    public void onEpochEnd(Map<String, Double> metrics) {
        double value = monitor.read(metrics);
        if (monitor.improves(value, best, 0)) {
            best = value;
            wait = 0;
        } else if (++wait >= config.patience()) {
            multiplier *= config.factor();
            wait = 0;
        }
    }

    /**
     * Reduce-on-plateau settings: factor in (0, 1), patience ≥ 1 epochs, minRate ≥ 0.
     *
     * @param monitor  the metric watched, e.g. {@code val_loss}
     * @param factor   the multiplier applied on a plateau, in (0, 1)
     * @param patience epochs without improvement before the rate drops
     * @param minRate  the rate never goes below this
     */
    public record Config(String monitor, double factor, int patience, double minRate) implements ScheduleConfig {
        public Config {
            new Monitor(monitor);
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("a plateau factor must lie in (0, 1), got " + factor);
            }
            if (patience < 1) {
                throw new IllegalArgumentException("a plateau patience must be at least 1 epoch, got " + patience);
            }
            if (!(minRate >= 0) || Double.isInfinite(minRate)) {
                throw new IllegalArgumentException("a plateau's minimum rate must be finite and ≥ 0, got " + minRate);
            }
        }

        /** val_loss, factor 0.1, patience 10, no minimum. */
        public static Config defaults() {
            return new Config("val_loss", 0.1, 10, 0);
        }

        @Override
        public ReduceOnPlateau create() {
            return new ReduceOnPlateau(this);
        }
    }
}

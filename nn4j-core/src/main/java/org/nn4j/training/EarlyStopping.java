package org.nn4j.training;

import org.nn4j.models.ModelSnapshot;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.schedules.Monitor;

/**
 * Stops training when a monitored metric has not improved for {@code patience} epochs (Prechelt 1998; Keras's
 * EarlyStopping), and with {@code restoreBestWeights} puts back the weights and running statistics of the best
 * epoch when training ends, whether it stopped early or ran all its epochs. Improving means beating the best so
 * far by more than {@code minDelta}: lower for losses, higher for accuracies.
 */
public final class EarlyStopping implements TrainingListener {
    private final Config config;
    private final Monitor monitor;
    private Sequential model;
    private ModelSnapshot best;
    private double bestValue;
    private int bestEpoch;
    private int wait;
    private boolean stop;

    /**
     * A listener that stops training as {@code config} says.
     *
     * @param config the metric, patience, least improvement and whether to restore the best weights
     */
    public EarlyStopping(Config config) {
        this.config = config;
        this.monitor = new Monitor(config.monitor());
    }

    @Override
    public void onTrainBegin(Sequential model) {
        this.model = model;
        bestValue = monitor.worst();
        bestEpoch = 0;
        wait = 0;
        stop = false;
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        double value = monitor.read(log.metrics());
        if (monitor.improves(value, bestValue, config.minDelta())) {
            bestValue = value;
            bestEpoch = log.epoch();
            wait = 0;
            if (config.restoreBestWeights()) {
                if (best == null) {
                    best = new ModelSnapshot(model);
                } else {
                    best.capture(model);
                }
            }
        } else if (++wait >= config.patience()) {
            stop = true;
        }
    }

    @Override
    public boolean stopTraining() {
        return stop;
    }

    @Override
    public void onTrainEnd(History history) {
        if (best != null) {
            best.restore(model);
        }
    }

    /**
     * The epoch (1-based) with the best value so far, 0 before any.
     *
     * @return the best epoch, or 0
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * Early-stopping settings.
     *
     * @param monitor            the metric watched, e.g. {@code val_loss} or {@code val_accuracy}
     * @param patience           epochs without improvement before stopping, ≥ 1
     * @param minDelta           the least change that counts as an improvement, ≥ 0
     * @param restoreBestWeights put back the best epoch's weights at the end
     */
    public record Config(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        public Config {
            new Monitor(monitor);
            if (patience < 1) {
                throw new IllegalArgumentException("early-stopping patience must be at least 1 epoch, got " + patience);
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("early-stopping min delta must be finite and ≥ 0, got " + minDelta);
            }
        }

        /**
         * Reads {@code METRIC:PATIENCE}, e.g. {@code val_loss:5}, restoring the best weights; a bare metric means a
         * patience of 5.
         * @param spec e.g. {@code val_loss:5} or {@code val_accuracy}
         * @return the settings
         * @throws IllegalArgumentException if the text is not METRIC[:PATIENCE]
         */
        public static Config parse(String spec) {
            String[] parts = spec.trim().split(":", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("early stopping '" + spec + "' is not METRIC:PATIENCE");
            }
            try {
                return new Config(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 5, 0, true);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("early stopping '" + spec + "': patience '" + parts[1]
                        + "' is not a whole number", e);
            }
        }
    }
}

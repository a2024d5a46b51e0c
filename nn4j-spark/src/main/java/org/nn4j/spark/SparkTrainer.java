package org.nn4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nn4j.models.Sequential;
import org.nn4j.training.History;
import org.nn4j.training.StepStrategy;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * Data-parallel training on Apache Spark, from a {@code Dataset<Row>} of features and labels. The training loop is
 * {@link Trainer}'s own — resume, listeners, schedule, clipping, constraints, early stopping, divergence checks,
 * class weights, validation split, metrics — with the mini-batches computed on Spark (a {@link StepStrategy}): the
 * same seed gives the same initial weights and the same global mini-batches, {@code fit} updates the model in place
 * and returns the same {@link History}, and listeners get the same callbacks on the driver, including the
 * {@link TrainingState} after each epoch that checkpoints save and {@link #resume} continues from.
 *
 * <p>Each partition of the data is read once into a cached shard. By default every mini-batch is one Spark job
 * that averages gradients ({@link GradientAveraging}): the result is single-process training's up to float
 * rounding (dropout masks excepted: replicas draw their own); batch normalisation layers share each global batch's
 * statistics across partitions. With {@code averageEvery = k}, partitions take k local steps between parameter
 * averages ({@link ParameterAveraging}). A failed task is re-run by Spark from the same broadcast parameters, so it
 * does not change the result.
 */
public final class SparkTrainer {
    private final SparkTrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean quiet;

    public SparkTrainer(SparkTrainingConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("SparkTrainer: a configuration is required");
        }
        this.config = config;
    }

    /** Trains {@code model} on {@code data} with {@code config}: {@code new SparkTrainer(config).fit(model, data)}. */
    public static History fit(Sequential model, Dataset<Row> data, SparkTrainingConfig config) {
        return new SparkTrainer(config).fit(model, data);
    }

    public SparkTrainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Turns off the per-epoch lines on standard output, as {@link Trainer#quiet()} does; listeners still hear every
     * event.
     *
     * @return this trainer
     */
    public SparkTrainer quiet() {
        quiet = true;
        return this;
    }

    /** Trains on {@code train}, holding out the configured validation split of its rows (if any) for validation. */
    public History fit(Sequential model, Dataset<Row> train) {
        return fit(model, train, (Dataset<Row>) null);
    }

    /**
     * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch; the training
     * settings' validation split, if any, is taken to be these rows.
     */
    public History fit(Sequential model, Dataset<Row> train, Dataset<Row> validation) {
        return trainer().fit(model, Averaging.start(config, model, train, validation));
    }

    /**
     * Continues a run from the state it reached after an epoch, with the model holding the weights of that moment:
     * with the same settings and rows, the weights end as an uninterrupted run leaves them.
     */
    public History resume(Sequential model, Dataset<Row> train, Dataset<Row> validation, TrainingState state) {
        if (!model.isInitialized()) {
            throw new IllegalArgumentException("SparkTrainer: resuming needs the model's weights from the moment of "
                    + "the state");
        }
        return trainer().resume(model, Averaging.start(config, model, train, validation), state);
    }

    private Trainer trainer() {
        Trainer trainer = new Trainer(config.training());
        if (quiet) {
            trainer.quiet();
        }
        listeners.forEach(trainer::addListener);
        return trainer;
    }
}

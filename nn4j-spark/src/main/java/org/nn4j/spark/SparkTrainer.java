package org.nn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nn4j.config.Json;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.training.EpochLog;
import org.nn4j.training.EpochOrder;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingDivergedException;
import org.nn4j.training.TrainingListener;

/**
 * Data-parallel training on Apache Spark, from a {@code Dataset<Row>} of features and labels, with the model,
 * optimisers and results of single-process training ({@code org.nn4j.training.Trainer}): the same seed gives the
 * same initial weights and the same global mini-batches, {@code fit} updates the model in place and returns the
 * same {@link History}, and listeners see the same callbacks on the driver.
 *
 * <p>Each partition of the data is read once into a cached shard. By default every mini-batch is one Spark job
 * that averages gradients ({@link GradientAveraging}): the result is single-process training's up to float
 * rounding. With {@code averageEvery = k}, partitions take k local steps between parameter averages
 * ({@link ParameterAveraging}). A failed task is re-run by Spark from the same broadcast parameters, so it does not
 * change the result; with a checkpoint directory a restarted driver resumes after the last finished epoch.
 */
public final class SparkTrainer {
    private final SparkTrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

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

    /** Trains on {@code train}; a validation split is not drawn on Spark: pass validation rows instead. */
    public History fit(Sequential model, Dataset<Row> train) {
        if (config.training().validationSplit() > 0) {
            throw new IllegalArgumentException("SparkTrainer: a validation split of "
                    + config.training().validationSplit() + " is not drawn on Spark; pass validation rows to "
                    + "SparkTrainer.fit(model, train, validation)");
        }
        return fit(model, train, (Dataset<Row>) null);
    }

    /**
     * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch; the training
     * settings' validation split, if any, is taken to be these rows.
     */
    public History fit(Sequential model, Dataset<Row> train, Dataset<Row> validation) {
        TrainingConfig tc = config.training();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        Shards shards = Shards.read(train, config.featuresCol(), config.labelCol(), model);
        Shards held = validation == null ? null
                : Shards.read(validation, config.featuresCol(), config.labelCol(), model);
        try {
            int n = shards.size();
            if (n == 0) {
                throw new IllegalArgumentException("SparkTrainer: the training data has no rows");
            }
            EpochOrder epochOrder = new EpochOrder(tc.seed(), tc.shuffle(), n);
            if (!model.isInitialized()) {
                model.initialize(epochOrder.initSeed());
            }
            Optimizer optimizer = tc.optimizer().create();
            History history = new History();
            List<EpochLog> done = restore(model, optimizer);
            done.forEach(history::add);
            for (int e = 0; e < done.size(); e++) {
                epochOrder.next();
            }
            int size = Math.min(tc.batchSize(), n);
            Broadcast<RunSpec> spec = sc.broadcast(new RunSpec(UUID.randomUUID().toString(),
                    Json.toJson(model.config()), model.dtype().toString(), Json.toJson(tc), size,
                    shards.starts(), n));
            Averaging averaging = config.synchronous()
                    ? new GradientAveraging(sc, shards.rdd(), spec, model, optimizer)
                    : new ParameterAveraging(sc, shards.rdd(), spec, model, optimizer, config.averageEvery());
            for (int epoch = done.size() + 1; epoch <= tc.epochs(); epoch++) {
                EpochLog log = epoch(epoch, epochOrder.next(), sc, averaging, n, size, held);
                history.add(log);
                if (config.checkpointDir() != null) {
                    save(model, optimizer, history);
                }
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(log);
                }
            }
            spec.destroy();
            return history;
        } finally {
            shards.release();
            if (held != null) {
                held.release();
            }
        }
    }

    private EpochLog epoch(int epoch, int[] order, JavaSparkContext sc, Averaging averaging, int n, int size,
                           Shards validation) {
        long start = System.nanoTime();
        int batches = (n + size - 1) / size;
        int epochs = config.training().epochs();
        boolean classifies = averaging.model.loss().classifies();
        for (TrainingListener l : listeners) {
            l.onEpochBegin(epoch, epochs, batches);
        }
        Broadcast<int[]> orderBroadcast = sc.broadcast(order);
        Partial seen = Partial.EMPTY;
        try {
            for (int b = 0; b < batches; b += averaging.batchesPerRound()) {
                int count = Math.min(averaging.batchesPerRound(), batches - b);
                Partial round = averaging.round(orderBroadcast, epoch, b, count);
                if (!Double.isFinite(round.lossSum())) {
                    throw new TrainingDivergedException(epoch, b + count, round.lossSum() / round.samples());
                }
                seen = new Partial(List.of(), seen.lossSum() + round.lossSum(), seen.correct() + round.correct(),
                        seen.samples() + round.samples());
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(epoch, b + count, batches, seen.lossSum() / seen.samples(),
                            classifies ? (double) seen.correct() / seen.samples() : Double.NaN, seen.samples());
                }
            }
        } finally {
            orderBroadcast.destroy();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", seen.lossSum() / n);
        if (classifies) {
            metrics.put("accuracy", (double) seen.correct() / n);
        }
        if (validation != null) {
            Partial v = evaluate(sc, validation, averaging);
            metrics.put("val_loss", v.lossSum() / v.samples());
            if (classifies) {
                metrics.put("val_accuracy", (double) v.correct() / v.samples());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.put("seconds", seconds);
        metrics.put("samples_per_s", n / seconds);
        return new EpochLog(epoch, metrics);
    }

    /** Loss and correct predictions of the driver's model on every validation shard, summed. */
    private static Partial evaluate(JavaSparkContext sc, Shards validation, Averaging averaging) {
        Broadcast<RunSpec> run = averaging.spec;
        Broadcast<FlatVector> params = sc.broadcast(FlatVector.copyOf(averaging.model.parameters()));
        try {
            return SparkErrors.unwrap(() -> validation.rdd().treeAggregate(Partial.EMPTY,
                    (acc, shard) -> Partial.sum(acc, Replica.of(run.value()).evaluate(shard, params.value())),
                    Partial::sum));
        } finally {
            params.destroy();
        }
    }

    private List<EpochLog> restore(Sequential model, Optimizer optimizer) {
        if (config.checkpointDir() == null) {
            return List.of();
        }
        try {
            return Checkpoint.restore(Path.of(config.checkpointDir()), model, optimizer, config.training());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(Sequential model, Optimizer optimizer, History history) {
        try {
            Checkpoint.save(Path.of(config.checkpointDir()), model, optimizer, config.training(), history.epochs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.nn4j.spark;

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
import org.nn4j.layers.Layer;
import org.nn4j.models.ModelSnapshot;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.optimizers.schedules.Schedule;
import org.nn4j.tensor.Ops;
import org.nn4j.training.EarlyStopping;
import org.nn4j.training.EpochLog;
import org.nn4j.training.EpochOrder;
import org.nn4j.training.History;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingDivergedException;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * Data-parallel training on Apache Spark, from a {@code Dataset<Row>} of features and labels, with the model,
 * optimisers and results of single-process training ({@code org.nn4j.training.Trainer}): the same seed gives the
 * same initial weights and the same global mini-batches; the schedule, clipping, constraints and early stopping
 * apply as there; {@code fit} updates the model in place and returns the same {@link History}; listeners get the
 * same callbacks on the driver, including the {@link TrainingState} after each epoch that checkpoints save and
 * {@link #resume} continues from.
 *
 * <p>Each partition of the data is read once into a cached shard. By default every mini-batch is one Spark job
 * that averages gradients ({@link GradientAveraging}): the result is single-process training's up to float
 * rounding (dropout masks excepted: replicas draw their own). With {@code averageEvery = k}, partitions take k
 * local steps between parameter averages ({@link ParameterAveraging}). A failed task is re-run by Spark from the
 * same broadcast parameters, so it does not change the result.
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
        return run(model, train, null, null);
    }

    /**
     * Trains on {@code train}, evaluating on {@code validation} (may be null) after each epoch; the training
     * settings' validation split, if any, is taken to be these rows.
     */
    public History fit(Sequential model, Dataset<Row> train, Dataset<Row> validation) {
        return run(model, train, validation, null);
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
        return run(model, train, validation, state);
    }

    private History run(Sequential model, Dataset<Row> train, Dataset<Row> validation, TrainingState resumeFrom) {
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            if (!layer.state().isEmpty()) {
                // batch statistics would be each partition's, and the running estimates would stay on the executors
                throw new IllegalArgumentException("SparkTrainer: layer " + (i + 1) + " (" + layer.describe()
                        + ") keeps running statistics, which data-parallel training does not combine yet");
            }
        }
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
            EpochOrder seeds = new EpochOrder(tc.seed(), tc.shuffle());
            if (!model.isInitialized()) {
                model.initialize(seeds.initSeed());
            }
            Optimizer optimizer = tc.optimizer().create();
            Schedule schedule = tc.schedule() == null ? null : tc.schedule().create();
            List<TrainingListener> all = new ArrayList<>(listeners);
            if (tc.earlyStopping() != null) {
                all.add(new EarlyStopping(tc.earlyStopping()));
            }
            History history = new History();
            int first = 1;
            if (resumeFrom != null) {
                optimizer.restore(resumeFrom.optimizer(), model.parameters());
                resumeFrom.history().forEach(history::add);
                if (schedule != null) {
                    resumeFrom.history().forEach(log -> schedule.onEpochEnd(log.metrics()));
                }
                first = resumeFrom.epoch() + 1;
            }
            int size = Math.min(tc.batchSize(), n);
            Broadcast<RunSpec> spec = sc.broadcast(new RunSpec(UUID.randomUUID().toString(),
                    Json.toJson(model.config()), model.dtype().toString(), Json.toJson(tc), size, shards.starts(), n));
            try {
                Averaging averaging = config.synchronous()
                        ? new GradientAveraging(sc, shards.rdd(), spec, tc, model, optimizer)
                        : new ParameterAveraging(sc, shards.rdd(), spec, tc, model, optimizer, config.averageEvery());
                Epochs epochs = new Epochs(sc, averaging, schedule, held, all, history, n, size, first - 1);
                for (TrainingListener l : all) {
                    l.onTrainBegin(model);
                }
                int[] order = new int[n];
                for (int epoch = first; epoch <= tc.epochs(); epoch++) {
                    seeds.fill(epoch, order);
                    EpochLog log = epochs.run(epoch, order);
                    history.add(log);
                    for (TrainingListener l : all) {
                        l.onEpochEnd(log);
                    }
                    if (schedule != null) {
                        schedule.onEpochEnd(log.metrics());
                    }
                    TrainingState state = new TrainingState(epoch, optimizer.state(), history.epochs());
                    for (TrainingListener l : all) {
                        l.onEpochState(state);
                    }
                    if (all.stream().anyMatch(TrainingListener::stopTraining)) {
                        break;
                    }
                }
                for (TrainingListener l : all) {
                    l.onTrainEnd(history);
                }
                return history;
            } finally {
                spec.destroy();  // also when a run stops early: divergence, a listener's or Spark's failure
            }
        } finally {
            shards.release();
            if (held != null) {
                held.release();
            }
        }
    }

    /** One epoch after another: rounds of the averaging, the schedule's rate, metrics and validation. */
    private static final class Epochs {
        private final JavaSparkContext sc;
        private final Averaging averaging;
        private final Schedule schedule;
        private final Shards validation;
        private final List<TrainingListener> listeners;
        private final History history;
        private final int n;
        private final int batches;
        private final ModelSnapshot lastGood;
        private int lastGoodEpoch;

        Epochs(JavaSparkContext sc, Averaging averaging, Schedule schedule, Shards validation,
               List<TrainingListener> listeners, History history, int n, int size, int lastGoodEpoch) {
            this.sc = sc;
            this.averaging = averaging;
            this.schedule = schedule;
            this.validation = validation;
            this.listeners = listeners;
            this.history = history;
            this.n = n;
            this.batches = (n + size - 1) / size;
            this.lastGood = new ModelSnapshot(averaging.model);
            this.lastGoodEpoch = lastGoodEpoch;
        }

        EpochLog run(int epoch, int[] order) {
            long start = System.nanoTime();
            TrainingConfig tc = averaging.training;
            boolean classifies = averaging.model.loss().classifies();
            for (TrainingListener l : listeners) {
                l.onEpochBegin(epoch, tc.epochs(), batches);
            }
            Broadcast<int[]> orderBroadcast = sc.broadcast(order);
            Partial seen = Partial.EMPTY;
            try {
                for (int b = 0; b < batches; b += averaging.batchesPerRound()) {
                    int count = Math.min(averaging.batchesPerRound(), batches - b);
                    for (TrainingListener l : listeners) {
                        l.onBatchBegin(epoch, b + 1, batches);
                    }
                    if (schedule != null) {
                        averaging.optimizer.setLearningRate(schedule.rate(tc.optimizer().learningRate(),
                                epoch - 1 + (b + 0.5) / batches, tc.epochs()));
                    }
                    Partial round = averaging.round(orderBroadcast, epoch, b, count);
                    if (!Double.isFinite(round.lossSum())) {
                        throw diverged(epoch, b + count, "the loss is " + round.lossSum() / round.samples());
                    }
                    seen = Partial.sum(seen, round);
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
            if (!Double.isFinite(Ops.maxAbs(averaging.model.parameters()))) {
                throw diverged(epoch, batches, "the last update left non-finite weights");
            }
            if (validation != null) {
                Partial v = evaluate();
                if (!Double.isFinite(v.lossSum())) {
                    throw diverged(epoch, batches, "the validation loss is " + v.lossSum() / v.samples());
                }
                metrics.put("val_loss", v.lossSum() / v.samples());
                if (classifies) {
                    metrics.put("val_accuracy", (double) v.correct() / v.samples());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.put("lr", averaging.optimizer.learningRate());
            metrics.put("seconds", seconds);
            metrics.put("samples_per_s", n / seconds);
            lastGood.capture(averaging.model);
            lastGoodEpoch = epoch;
            return new EpochLog(epoch, metrics);
        }

        /** Loss and correct predictions of the driver's model on every validation shard, summed. */
        private Partial evaluate() {
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

        /** Puts the last good weights back and says where training broke. */
        private TrainingDivergedException diverged(int epoch, int batch, String what) {
            lastGood.restore(averaging.model);
            return new TrainingDivergedException(epoch, batch, what, "a replica on Spark (train without Spark to find the layer)", lastGoodEpoch,
                    history);
        }
    }
}

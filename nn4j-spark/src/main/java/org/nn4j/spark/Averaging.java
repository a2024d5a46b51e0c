package org.nn4j.spark;

import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nn4j.config.Json;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Layer;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.training.StepStrategy;
import org.nn4j.training.TrainingConfig;

/**
 * Spark's side of the training loop's seam ({@link StepStrategy}): the cached shards, the run's broadcast, each
 * epoch's broadcast order, and validation on the executors. How the partitions' work becomes one model is the
 * subclass's: {@link GradientAveraging} rounds are one batch long and average gradients; {@link ParameterAveraging}
 * rounds are k batches of local steps and average parameters.
 *
 * <p>Samples are global row indices (row i counted partition by partition). With a validation split the rows are
 * split by {@link org.nn4j.data.Dataset#splitIndices}, as one process splits its data set: the epoch's order over
 * the training samples is mapped to their rows before it is broadcast, and validation evaluates the held-out rows
 * where they lie.
 */
abstract class Averaging implements StepStrategy {
    final JavaSparkContext sc;
    final JavaRDD<Shard> shards;
    final Broadcast<RunSpec> spec;
    final Sequential model;
    private final Shards data;
    private final Shards held;
    private final int[] trainRows;
    private final Broadcast<int[]> validationRows;
    private final AllReduceService allReduce;
    private final int[] rows;
    private Broadcast<int[]> order;
    private long noiseSeed;

    Averaging(Start start) {
        this.sc = start.sc;
        this.data = start.data;
        this.shards = start.data.rdd();
        this.held = start.held;
        this.spec = start.spec;
        this.model = start.model;
        this.trainRows = start.trainRows;
        this.validationRows = start.validationRows;
        this.allReduce = start.allReduce;
        this.rows = trainRows == null ? null : new int[trainRows.length];
    }

    /**
     * Reads the rows into cached shards, splits off validation rows if the settings ask for a split and no
     * validation rows are given, and broadcasts the run; then the strategy the settings name.
     */
    static Averaging start(SparkTrainingConfig config, Sequential model, Dataset<Row> train, Dataset<Row> validation) {
        boolean synchronisedStatistics = model.layers().stream().anyMatch(l -> l instanceof BatchNorm);
        if (synchronisedStatistics && !config.synchronous()) {
            throw new IllegalArgumentException("SparkTrainer: batch normalisation needs the statistics of each global "
                    + "batch, which local steps do not share: train with averageEvery 0 (--average-every 0)");
        }
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            if (!layer.state().isEmpty() && !(layer instanceof BatchNorm)) {
                throw new IllegalArgumentException("SparkTrainer: layer " + (i + 1) + " (" + layer.describe()
                        + ") keeps running statistics that data-parallel training does not combine");
            }
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        Start start = new Start(sc, model);
        try {
            start.data = Shards.read(train, config.featuresCol(), config.labelCol(), model);
            if (synchronisedStatistics && start.data.rdd().getNumPartitions() > sc.defaultParallelism()) {
                throw new IllegalArgumentException("SparkTrainer: with batch normalisation every partition of a step "
                        + "runs at once (a barrier stage): " + start.data.rdd().getNumPartitions()
                        + " partitions need as many task slots, the cluster has " + sc.defaultParallelism()
                        + " (repartition the rows, or --partitions " + sc.defaultParallelism() + ")");
            }
            TrainingConfig tc = config.training();
            if (validation != null) {
                start.held = Shards.read(validation, config.featuresCol(), config.labelCol(), model);
            } else if (tc.validationSplit() > 0) {
                org.nn4j.data.Dataset.SplitIndices split = org.nn4j.data.Dataset.splitIndices(start.data.size(),
                        tc.validationSplit(), tc.seed());
                start.trainRows = split.train();
                start.validationRows = sc.broadcast(split.validation());
            }
            int n = start.trainRows == null ? start.data.size() : start.trainRows.length;
            String runId = UUID.randomUUID().toString();
            if (synchronisedStatistics) {
                start.allReduce = new AllReduceService(sc.getConf().get("spark.driver.host"), runId);
            }
            start.spec = sc.broadcast(new RunSpec(runId, Json.toJson(model.config()), model.dtype().toString(),
                    Json.toJson(tc), Math.max(1, Math.min(tc.batchSize(), n)), start.data.starts(), n,
                    synchronisedStatistics, start.allReduce == null ? null : start.allReduce.host(),
                    start.allReduce == null ? 0 : start.allReduce.port()));
            return config.synchronous() ? new GradientAveraging(start)
                    : new ParameterAveraging(start, config.averageEvery());
        } catch (RuntimeException e) {
            start.release();
            throw e;
        }
    }

    /** What {@link #start} gathers before the strategy exists; released if it fails half-way. */
    static final class Start {
        private final JavaSparkContext sc;
        private final Sequential model;
        private Shards data;
        private Shards held;
        private int[] trainRows;
        private Broadcast<int[]> validationRows;
        private Broadcast<RunSpec> spec;
        private AllReduceService allReduce;

        private Start(JavaSparkContext sc, Sequential model) {
            this.sc = sc;
            this.model = model;
        }

        void release() {
            if (allReduce != null) {
                allReduce.close();
            }
            if (spec != null) {
                spec.destroy();
            }
            if (validationRows != null) {
                validationRows.destroy();
            }
            if (held != null) {
                held.release();
            }
            if (data != null) {
                data.release();
            }
        }
    }

    @Override
    public int size() {
        return spec.value().size();
    }

    @Override
    public void startEpoch(int epoch, int[] order, long noiseSeed) {
        int[] global = order;
        if (trainRows != null) {
            for (int k = 0; k < order.length; k++) {
                rows[k] = trainRows[order[k]];
            }
            global = rows;
        }
        this.order = sc.broadcast(global);
        this.noiseSeed = noiseSeed;
    }

    /** The epoch's order of rows, as broadcast. */
    Broadcast<int[]> order() {
        return order;
    }

    /** The epoch's seed of training noise. */
    long noiseSeed() {
        return noiseSeed;
    }

    @Override
    public void endEpoch() {
        if (order != null) {
            order.destroy();
            order = null;
        }
    }

    /** Loss and correct predictions of the driver's model (and running statistics) on every validation row. */
    @Override
    public Evaluation validate() {
        if (held == null && validationRows == null) {
            return null;
        }
        Broadcast<RunSpec> run = spec;
        Broadcast<int[]> only = validationRows;
        Broadcast<FlatVector> params = sc.broadcast(FlatVector.copyOf(model.parameters()));
        Broadcast<FlatVector> state = model.stateCount() == 0 ? null : sc.broadcast(FlatVector.copyOf(model.state()));
        try {
            Partial v = SparkErrors.unwrap(() -> (held != null ? held.rdd() : shards).treeAggregate(Partial.EMPTY,
                    (acc, shard) -> Partial.sum(acc, Replica.of(run.value()).evaluate(shard, params.value(),
                            state == null ? null : state.value(), only == null ? null : only.value(),
                            only == null ? 0 : run.value().starts()[shard.partition()])),
                    Partial::sum));
            return new Evaluation(model.loss().name(), v.lossSum() / v.samples(),
                    model.loss().classifies() ? (double) v.correct() / v.samples() : Double.NaN, (int) v.samples());
        } finally {
            params.destroy();
            if (state != null) {
                state.destroy();
            }
        }
    }

    @Override
    public String locateDivergence() {
        return "a replica on Spark (train without Spark to find the layer)";
    }

    @Override
    public void close() {
        endEpoch();
        if (allReduce != null) {
            allReduce.close();
        }
        spec.destroy();
        if (validationRows != null) {
            validationRows.destroy();
        }
        data.release();
        if (held != null) {
            held.release();
        }
    }
}

package org.nn4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.training.TrainingConfig;

/**
 * How the partitions' work becomes one model: a round runs some global mini-batches on every partition at once and
 * leaves the result in the driver's model and optimiser. {@link GradientAveraging} rounds are one batch long and
 * average gradients; {@link ParameterAveraging} rounds are k batches of local steps and average parameters.
 */
abstract class Averaging {
    final JavaSparkContext sc;
    final JavaRDD<Shard> shards;
    final Broadcast<RunSpec> spec;
    final TrainingConfig training;
    final Sequential model;
    final Optimizer optimizer;

    Averaging(JavaSparkContext sc, JavaRDD<Shard> shards, Broadcast<RunSpec> spec, TrainingConfig training,
              Sequential model, Optimizer optimizer) {
        this.sc = sc;
        this.shards = shards;
        this.spec = spec;
        this.training = training;
        this.model = model;
        this.optimizer = optimizer;
    }

    /** Global batches per round. */
    abstract int batchesPerRound();

    /**
     * Runs global batches {@code first .. first + count − 1} of an epoch visited in {@code order}, updating the
     * driver's model and optimiser; returns the summed loss, correct predictions and samples of those batches.
     */
    abstract Partial round(Broadcast<int[]> order, int epoch, int first, int count);
}

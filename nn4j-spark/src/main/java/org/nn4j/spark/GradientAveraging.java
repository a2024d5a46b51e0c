package org.nn4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.training.TrainingConfig;

/**
 * Synchronous data parallelism, one Spark job per mini-batch: the driver broadcasts the parameters, each partition
 * computes the gradient summed over its share of the global batch, {@code treeAggregate} adds the partitions' sums,
 * and the driver divides by the batch size, clips, and applies its optimiser and the layers' constraints. The
 * update is the one single-process training makes on the same batch — Σ_i m_i·ḡ_i / m = ḡ — up to the order of
 * float additions.
 */
final class GradientAveraging extends Averaging {
    static final String GRADIENT = "gradient";

    GradientAveraging(JavaSparkContext sc, JavaRDD<Shard> shards, Broadcast<RunSpec> spec, TrainingConfig training,
                      Sequential model, Optimizer optimizer) {
        super(sc, shards, spec, training, model, optimizer);
    }

    @Override
    int batchesPerRound() {
        return 1;
    }

    @Override
    Partial round(Broadcast<int[]> order, int epoch, int first, int count) {
        Broadcast<RunSpec> run = spec;
        Broadcast<FlatVector> params = sc.broadcast(FlatVector.copyOf(model.parameters()));
        try {
            Partial sum = SparkErrors.unwrap(() -> shards.treeAggregate(Partial.EMPTY,
                    (acc, shard) -> Partial.sum(acc, Replica.of(run.value()).gradientSum(shard,
                            run.value().plan(shard, epoch, order.value()), epoch, first, params.value())),
                    Partial::sum));
            sum.vectors().get(GRADIENT).scaleInto(1.0 / sum.samples(), model.gradients());
            training.clipping().apply(model.gradients());
            optimizer.step(model.parameters(), model.gradients());
            model.applyConstraints();
            return sum.counts();
        } finally {
            params.destroy();
        }
    }
}

package org.nn4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Layer;
import org.nn4j.training.Update;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data parallelism, one Spark job per mini-batch: the driver broadcasts the parameters, each partition
 * computes the gradient summed over its share of the global batch, the partitions' sums are added, and the driver
 * divides by the batch size and applies the {@link Update} (clipping, optimiser, constraints). The update is the
 * one single-process training makes on the same batch — Σ_i m_i·ḡ_i / m = ḡ — up to the order of float additions.
 *
 * <p>A model with batch normalisation runs each step as a barrier stage, all partitions at once, so that its layers
 * can all-reduce the sums of x and x² of the global batch on the way forward and of g and g·x̂ on the way back
 * ({@link BatchNorm#synchronise}) through the driver's {@link AllReduceService}; the partitions' local sums of x and
 * x² come back with the gradient, and the driver's layers update their running statistics from them.
 */
final class GradientAveraging extends Averaging {
    static final String GRADIENT = "gradient";
    /** Prefix of the summed [m, Σx, Σx²] of the batch normalisation layer with this index. */
    static final String SUMS = "sums.";

    GradientAveraging(Start start) {
        super(start);
    }

    @Override
    public int batchesPerRound() {
        return 1;
    }

    @Override
    public Round round(int epoch, int first, int count, Update update) {
        Broadcast<RunSpec> run = spec;
        Broadcast<int[]> order = order();
        long noise = noiseSeed();
        Broadcast<FlatVector> params = sc.broadcast(FlatVector.copyOf(model.parameters()));
        try {
            Step step = shard -> Replica.of(run.value()).gradientSum(shard,
                    run.value().plan(shard, epoch, order.value()), epoch, first, noise, params.value());
            Partial sum = run.value().synchronisedStatistics() ? barrierStep(step)
                    : SparkErrors.unwrap(() -> shards.treeAggregate(Partial.EMPTY,
                            (acc, shard) -> Partial.sum(acc, step.on(shard)), Partial::sum));
            if (Double.isFinite(sum.lossSum())) {
                sum.vectors().get(GRADIENT).scaleInto(1.0 / sum.samples(), model.gradients());
                List<Layer> layers = model.layers();
                for (int i = 0; i < layers.size(); i++) {
                    if (layers.get(i) instanceof BatchNorm bn) {
                        bn.updateRunningStatistics(sum.vectors().get(SUMS + i).doubles());
                    }
                }
                update.apply();
            }
            return new Round(sum.lossSum(), sum.correct(), sum.samples());
        } finally {
            params.destroy();
        }
    }

    /** A partition's part of a step. */
    @FunctionalInterface
    interface Step extends Serializable {
        Partial on(Shard shard);
    }

    /**
     * The step as a barrier stage. Spark does not re-run a barrier stage that ends a job when one of its tasks
     * fails, so the job is run again here, from the same broadcast parameters, up to {@code spark.task.maxFailures}
     * times; a partition's refusal of its data (an {@link IllegalArgumentException}) is not retried.
     */
    private Partial barrierStep(Step step) {
        int attempts = sc.getConf().getInt("spark.task.maxFailures", 4);
        for (int attempt = 1; ; attempt++) {
            try {
                return SparkErrors.unwrap(() -> barrier(shards, step).reduce(Partial::sum));
            } catch (IllegalStateException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** The step on every partition at once, in one barrier stage (Spark's API for this is Scala's only). */
    private static JavaRDD<Partial> barrier(JavaRDD<Shard> shards, Step step) {
        ClassTag<Partial> tag = ClassTag$.MODULE$.apply(Partial.class);
        Function1<scala.collection.Iterator<Shard>, scala.collection.Iterator<Partial>> each =
                (Function1<scala.collection.Iterator<Shard>, scala.collection.Iterator<Partial>> & Serializable)
                        it -> CollectionConverters.asScala(List.of(step.on(it.next())).iterator());
        return new JavaRDD<>(shards.rdd().barrier().mapPartitions(each, false, tag), tag);
    }
}

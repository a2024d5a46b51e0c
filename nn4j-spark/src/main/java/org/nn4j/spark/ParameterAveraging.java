package org.nn4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.Tensor;

/**
 * Local steps with parameter averaging (local SGD; Zinkevich et al. 2010, McMahan et al. 2017), one Spark job per
 * k mini-batches: the driver broadcasts the parameters and its optimiser's state; each partition takes k steps with
 * its own optimiser, each on its share of the next global batch; the parameters and optimiser moments are then
 * averaged, weighted by the samples each partition saw, and the step count advances by k. A round trip is paid
 * every k batches instead of every batch, at the price of replicas drifting apart between averages.
 */
final class ParameterAveraging extends Averaging {
    private final int every;

    ParameterAveraging(JavaSparkContext sc, JavaRDD<Shard> shards, Broadcast<RunSpec> spec, Sequential model,
                       Optimizer optimizer, int every) {
        super(sc, shards, spec, model, optimizer);
        this.every = every;
    }

    @Override
    int batchesPerRound() {
        return every;
    }

    @Override
    Partial round(Broadcast<int[]> order, int epoch, int first, int count) {
        Tensor params = model.parameters();
        List<Tensor> state = optimizer.state(params);
        List<FlatVector> start = new ArrayList<>();
        start.add(FlatVector.copyOf(params));
        state.forEach(s -> start.add(FlatVector.copyOf(s)));
        long iterations = optimizer.iterations();
        int roundSamples = spec.value().samplesIn(first, count);
        Broadcast<RunSpec> run = spec;
        Broadcast<List<FlatVector>> from = sc.broadcast(start);
        try {
            Partial sum = SparkErrors.unwrap(() -> shards.treeAggregate(Partial.EMPTY,
                    (acc, shard) -> Partial.sum(acc, Replica.of(run.value()).localSteps(shard,
                            run.value().plan(shard, epoch, order.value()), first, count, from.value(), iterations,
                            roundSamples)),
                    Partial::sum));
            sum.vectors().get(0).copyTo(params);
            for (int i = 0; i < state.size(); i++) {
                sum.vectors().get(i + 1).copyTo(state.get(i));
            }
            optimizer.setIterations(iterations + count);
            return sum;
        } finally {
            from.destroy();
        }
    }
}

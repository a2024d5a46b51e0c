package org.nn4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.optimizers.OptimizerState;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.Update;

/**
 * Local steps with parameter averaging (local SGD; Zinkevich et al. 2010, McMahan et al. 2017), one Spark job per
 * k mini-batches: the driver broadcasts the parameters and its optimiser's state; each partition takes k steps with
 * its own optimiser, each on its share of the next global batch; the parameters and optimiser state vectors
 * (moments) are then averaged, weighted by the samples each partition saw, and the step count advances by k. A
 * round trip is paid every k batches instead of every batch, at the price of replicas drifting apart between
 * averages. The learning rate is the schedule's at the round's first batch.
 */
final class ParameterAveraging extends Averaging {
    static final String PARAMETERS = "parameters";
    static final String SLOT = "slot.";
    private final int every;

    ParameterAveraging(Start start, int every) {
        super(start);
        this.every = every;
    }

    @Override
    public int batchesPerRound() {
        return every;
    }

    @Override
    public Round round(int epoch, int first, int count, Update update) {
        Optimizer optimizer = update.optimizer();
        OptimizerState before = optimizer.state();
        int roundSamples = spec.value().samplesIn(first, count);
        Broadcast<RunSpec> run = spec;
        Broadcast<int[]> order = order();
        long noise = noiseSeed();
        Broadcast<State> start = sc.broadcast(State.of(model.parameters(), before));
        try {
            Partial sum = SparkErrors.unwrap(() -> shards.treeAggregate(Partial.EMPTY,
                    (acc, shard) -> Partial.sum(acc, Replica.of(run.value()).localSteps(shard,
                            run.value().plan(shard, epoch, order.value()), epoch, first, count, noise, start.value(),
                            roundSamples)),
                    Partial::sum));
            if (Double.isFinite(sum.lossSum())) {
                sum.vectors().get(PARAMETERS).copyTo(model.parameters());
                Map<String, Tensor> slots = new LinkedHashMap<>();
                sum.vectors().forEach((name, v) -> {
                    if (name.startsWith(SLOT)) {
                        slots.put(name.substring(SLOT.length()), v.tensor());
                    }
                });
                optimizer.restore(new OptimizerState(before.kind(), before.iterations() + count,
                        before.learningRate(), slots));
            }
            return new Round(sum.lossSum(), sum.correct(), sum.samples());
        } finally {
            start.destroy();
        }
    }

    /** The parameters and optimiser state a round starts from, as broadcast to the replicas. */
    record State(FlatVector parameters, String kind, long iterations, double learningRate,
                 Map<String, FlatVector> slots) implements Serializable {
        static State of(Tensor parameters, OptimizerState o) {
            Map<String, FlatVector> slots = new LinkedHashMap<>();
            o.slots().forEach((name, t) -> slots.put(name, FlatVector.copyOf(t)));
            return new State(FlatVector.copyOf(parameters), o.kind(), o.iterations(), o.learningRate(), slots);
        }

        OptimizerState toOptimizerState() {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            slots.forEach((name, v) -> tensors.put(name, v.tensor()));
            return new OptimizerState(kind, iterations, learningRate, tensors);
        }
    }
}

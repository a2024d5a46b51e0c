package org.nn4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.config.Json;
import org.nn4j.data.Dataset;
import org.nn4j.models.Batch;
import org.nn4j.models.Evaluation;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.TrainingConfig;

/**
 * An executor thread's copy of the model being trained, with its batch buffers and optimiser, built once per run
 * and per thread from the {@link RunSpec} and reused by every task the thread runs, so steps allocate only the
 * vectors they send back. Each task first loads the parameters the driver broadcast.
 */
final class Replica {
    private static final ThreadLocal<Replica> CURRENT = new ThreadLocal<>();
    private final String runId;
    private final Sequential model;
    private final Optimizer optimizer;
    private final Batch batch;
    private final int[] scratch;

    private Replica(RunSpec spec) {
        this.runId = spec.runId();
        this.model = Sequential.fromConfig(Json.fromJson(spec.modelJson(), ModelConfig.class), DType.parse(spec.dtype()));
        this.optimizer = Json.fromJson(spec.trainingJson(), TrainingConfig.class).optimizer().create();
        this.batch = new Batch(model.dtype());
        this.scratch = new int[spec.batchSize()];
    }

    /** This thread's replica for the run (the previous run's, if any, is dropped). */
    static Replica of(RunSpec spec) {
        Replica r = CURRENT.get();
        if (r == null || !r.runId.equals(spec.runId())) {
            r = new Replica(spec);
            CURRENT.set(r);
        }
        return r;
    }

    /**
     * Synchronous mode: the gradient summed over this shard's samples of global batch {@code b} — the mean
     * gradient of those m_i samples × m_i — at the broadcast parameters. Nothing is applied.
     */
    Partial gradientSum(Shard shard, Shard.Plan plan, int b, FlatVector params) {
        if (plan.count(b) == 0) {
            return Partial.EMPTY;
        }
        params.copyTo(model.parameters());
        Partial p = forwardBackward(shard, plan, b);
        return new Partial(List.of(FlatVector.scaledCopy(model.gradients(), plan.count(b))), p.lossSum(),
                p.correct(), p.samples());
    }

    /**
     * Local steps: from the broadcast parameters and optimiser state, one optimiser step on this shard's share of
     * each of global batches {@code first .. first + count − 1}; returns the parameters and the optimiser state,
     * each weighted by this shard's share of the round's {@code roundSamples} samples, so that summing over
     * partitions gives their sample-weighted average (McMahan et al. 2017, FedAvg).
     */
    Partial localSteps(Shard shard, Shard.Plan plan, int first, int count, List<FlatVector> start, long iterations,
                       int roundSamples) {
        double weight = (double) (plan.from(first + count) - plan.from(first)) / roundSamples;
        Tensor params = model.parameters();
        start.get(0).copyTo(params);
        List<Tensor> state = optimizer.state(params);
        for (int i = 0; i < state.size(); i++) {
            start.get(i + 1).copyTo(state.get(i));
        }
        optimizer.setIterations(iterations);
        Partial seen = Partial.EMPTY;
        for (int b = first; b < first + count; b++) {
            if (plan.count(b) > 0) {
                seen = Partial.sum(seen, forwardBackward(shard, plan, b));
                optimizer.step(params, model.gradients());
            }
        }
        if (seen.samples() == 0) {
            return Partial.EMPTY;
        }
        List<FlatVector> out = new ArrayList<>();
        out.add(FlatVector.scaledCopy(params, weight));
        for (Tensor s : state) {
            out.add(FlatVector.scaledCopy(s, weight));
        }
        return new Partial(out, seen.lossSum(), seen.correct(), seen.samples());
    }

    /** Loss and correct predictions over the whole shard at the broadcast parameters. */
    Partial evaluate(Shard shard, FlatVector params) {
        if (shard.size() == 0) {
            return Partial.EMPTY;
        }
        params.copyTo(model.parameters());
        Evaluation e = model.evaluate(shard.data());
        long correct = Double.isNaN(e.accuracy()) ? 0 : Math.round(e.accuracy() * e.samples());
        return new Partial(List.of(), e.loss() * e.samples(), correct, e.samples());
    }

    /** Forward and backward on this shard's share of batch b; gradients are left in the model. */
    private Partial forwardBackward(Shard shard, Shard.Plan plan, int b) {
        Dataset data = shard.data();
        int from = plan.from(b);
        int m = plan.count(b);
        Tensor x = batch.features(data.features(), data.numFeatures(), plan.local(), from, m);
        Tensor y = batch.targets(data, plan.local(), from, m, model.outputSize());
        double loss = model.computeGradients(x, y);
        long correct = model.loss().classifies()
                ? Sequential.countCorrect(model.lastOutput(), data.labels(), plan.local(), from, scratch) : 0;
        return new Partial(List.of(), loss * m, correct, m);
    }
}

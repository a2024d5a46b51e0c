package org.nn4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.data.Dataset;
import org.nn4j.models.Batch;
import org.nn4j.models.Evaluation;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.optimizers.OptimizerState;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.EpochOrder;
import org.nn4j.training.TrainingConfig;

/**
 * An executor thread's copy of the model being trained, with its batch buffers and optimiser, built once per run
 * and per thread from the {@link RunSpec} and reused by every task the thread runs, so steps allocate only the
 * vectors they send back. Each task first loads the parameters the driver broadcast, and reseeds the model's
 * training noise (dropout) from the epoch, partition and batch, so that a re-run task draws the same masks.
 */
final class Replica {
    private static final ThreadLocal<Replica> CURRENT = new ThreadLocal<>();
    private final String runId;
    private final Sequential model;
    private final Optimizer optimizer;
    private final GradientClipping clipping;
    private final EpochOrder seeds;
    private final Batch batch;
    private final int[] scratch;

    private Replica(RunSpec spec) {
        TrainingConfig training = Json.fromJson(spec.trainingJson(), TrainingConfig.class);
        this.runId = spec.runId();
        this.model = Sequential.fromConfig(Json.fromJson(spec.modelJson(), ModelConfig.class), DType.parse(spec.dtype()));
        model.markInitialized();  // every call copies the broadcast weights in before computing
        this.optimizer = training.optimizer().create();
        this.clipping = training.clipping();
        this.seeds = new EpochOrder(training.seed(), training.shuffle());
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
     * gradient of those m_i samples × m_i — at the broadcast parameters, as vector {@code gradient}. Nothing is
     * applied.
     */
    Partial gradientSum(Shard shard, Shard.Plan plan, int epoch, int b, FlatVector params) {
        if (plan.count(b) == 0) {
            return Partial.EMPTY;
        }
        params.copyTo(model.parameters());
        Partial p = forwardBackward(shard, plan, epoch, b);
        return new Partial(Map.of(GradientAveraging.GRADIENT, FlatVector.scaledCopy(model.gradients(), plan.count(b))),
                p.lossSum(), p.correct(), p.samples());
    }

    /**
     * Local steps: from the broadcast parameters and optimiser state, one optimiser step (clipped, constrained) on
     * this shard's share of each of global batches {@code first .. first + count − 1}. Returns the parameters and
     * the optimiser's state vectors, each weighted by this shard's share of the round's {@code roundSamples}
     * samples, so that summing over partitions gives their sample-weighted average (McMahan et al. 2017, FedAvg).
     */
    Partial localSteps(Shard shard, Shard.Plan plan, int epoch, int first, int count, ParameterAveraging.State start,
                       int roundSamples) {
        Tensor params = model.parameters();
        start.parameters().copyTo(params);
        optimizer.restore(start.toOptimizerState());
        Partial seen = Partial.EMPTY;
        for (int b = first; b < first + count; b++) {
            if (plan.count(b) > 0) {
                seen = Partial.sum(seen, forwardBackward(shard, plan, epoch, b));
                clipping.apply(model.gradients());
                optimizer.step(params, model.gradients());
                model.applyConstraints();
            }
        }
        if (seen.samples() == 0) {
            return Partial.EMPTY;
        }
        double weight = (double) seen.samples() / roundSamples;
        Map<String, FlatVector> out = new LinkedHashMap<>();
        out.put(ParameterAveraging.PARAMETERS, FlatVector.scaledCopy(params, weight));
        optimizer.state().slots().forEach((name, slot) ->
                out.put(ParameterAveraging.SLOT + name, FlatVector.scaledCopy(slot, weight)));
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
        return new Partial(Map.of(), e.loss() * e.samples(), correct, e.samples());
    }

    /** Forward and backward on this shard's share of batch b; gradients are left in the model. */
    private Partial forwardBackward(Shard shard, Shard.Plan plan, int epoch, int b) {
        Dataset data = shard.data();
        int from = plan.from(b);
        int m = plan.count(b);
        model.noise().reseed(seeds.noiseSeed(epoch) + 0x9E3779B97F4A7C15L * (shard.partition() + 1) + b);
        Tensor x = batch.features(data.features(), data.numFeatures(), plan.local(), from, m);
        Tensor y = batch.targets(data, plan.local(), from, m, model.outputSize());
        double loss = model.computeGradients(x, y);
        long correct = model.loss().classifies()
                ? Sequential.countCorrect(model.lastOutput(), data.labels(), plan.local(), from, scratch) : 0;
        return new Partial(Map.of(), loss * m, correct, m);
    }
}

package org.nn4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.data.Dataset;
import org.nn4j.layers.BatchNorm;
import org.nn4j.models.Batch;
import org.nn4j.models.Evaluation;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerState;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.Update;

/**
 * An executor thread's copy of the model being trained, with its batch buffers and optimiser, built once per run
 * and per thread from the {@link RunSpec} and reused by every task the thread runs, so steps allocate only the
 * vectors they send back. Each task first loads the parameters the driver broadcast, and reseeds the model's
 * training noise (dropout) from the epoch's noise seed, the partition and the batch, so that a re-run task draws the
 * same masks. Class weights come from the training settings, per sample of the shard.
 */
final class Replica {
    private static final ThreadLocal<Replica> CURRENT = new ThreadLocal<>();
    private final String runId;
    private final Sequential model;
    private final Update update;
    private final List<Double> classWeights;
    private final List<Integer> synchronised = new ArrayList<>();
    private final AllReduceClient allReduce;
    private final Batch batch;
    private final int[] scratch;

    private Replica(RunSpec spec) {
        TrainingConfig training = Json.fromJson(spec.trainingJson(), TrainingConfig.class);
        this.runId = spec.runId();
        this.model = Sequential.fromConfig(Json.fromJson(spec.modelJson(), ModelConfig.class), DType.parse(spec.dtype()));
        model.markInitialized();  // every call copies the broadcast weights in before computing
        this.update = new Update(model, training.optimizer().create(), training.clipping());
        this.classWeights = training.classWeights();
        this.batch = new Batch(model.dtype());
        this.scratch = new int[spec.batchSize()];
        this.allReduce = spec.synchronisedStatistics() ? new AllReduceClient(spec) : null;
        if (allReduce != null) {
            for (int i = 0; i < model.layers().size(); i++) {
                if (model.layers().get(i) instanceof BatchNorm bn) {
                    bn.synchronise(allReduce);
                    synchronised.add(i);
                }
            }
        }
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
     * gradient of those m_i samples × m_i — at the broadcast parameters, as vector {@code gradient}; with
     * synchronised batch normalisation also each such layer's local sums [m_i, Σx, Σx²]. Nothing is applied.
     */
    Partial gradientSum(Shard shard, Shard.Plan plan, int epoch, int b, long noiseSeed, FlatVector params) {
        if (allReduce != null) {
            allReduce.startTask();
        }
        if (plan.count(b) == 0) {
            joinWithoutSamples();
            return Partial.EMPTY;
        }
        params.copyTo(model.parameters());
        Partial p = forwardBackward(shard, plan, epoch, b, noiseSeed);
        Map<String, FlatVector> out = new LinkedHashMap<>();
        out.put(GradientAveraging.GRADIENT, FlatVector.scaledCopy(model.gradients(), plan.count(b)));
        for (int i : synchronised) {
            out.put(GradientAveraging.SUMS + i, FlatVector.of(((BatchNorm) model.layers().get(i)).localSums().clone()));
        }
        return new Partial(out, p.lossSum(), p.correct(), p.samples());
    }

    /** A synchronised step this shard has no samples of: its layers still take part in every all-reduce. */
    private void joinWithoutSamples() {
        for (int i : synchronised) {
            ((BatchNorm) model.layers().get(i)).joinWithoutSamples(true);
        }
        for (int k = synchronised.size() - 1; k >= 0; k--) {
            ((BatchNorm) model.layers().get(synchronised.get(k))).joinWithoutSamples(false);
        }
    }

    /**
     * Local steps: from the broadcast parameters and optimiser state, one {@link Update} on this shard's share of
     * each of global batches {@code first .. first + count − 1}. Returns the parameters and the optimiser's state
     * vectors, each weighted by this shard's share of the round's {@code roundSamples} samples, so that summing
     * over partitions gives their sample-weighted average (McMahan et al. 2017, FedAvg).
     */
    Partial localSteps(Shard shard, Shard.Plan plan, int epoch, int first, int count, long noiseSeed,
                       ParameterAveraging.State start, int roundSamples) {
        Tensor params = model.parameters();
        start.parameters().copyTo(params);
        update.optimizer().restore(start.toOptimizerState());
        Partial seen = Partial.EMPTY;
        for (int b = first; b < first + count; b++) {
            if (plan.count(b) > 0) {
                seen = Partial.sum(seen, forwardBackward(shard, plan, epoch, b, noiseSeed));
                update.apply();
            }
        }
        if (seen.samples() == 0) {
            return Partial.EMPTY;
        }
        double weight = (double) seen.samples() / roundSamples;
        Map<String, FlatVector> out = new LinkedHashMap<>();
        out.put(ParameterAveraging.PARAMETERS, FlatVector.scaledCopy(params, weight));
        OptimizerState state = update.optimizer().state();
        state.slots().forEach((name, slot) ->
                out.put(ParameterAveraging.SLOT + name, FlatVector.scaledCopy(slot, weight)));
        return new Partial(out, seen.lossSum(), seen.correct(), seen.samples());
    }

    /**
     * Loss and correct predictions at the broadcast parameters and running statistics ({@code state}, may be
     * null) over the shard's rows, or over those of them listed in {@code onlyRows} (ascending global rows; null
     * for all), the shard starting at global row {@code start}.
     */
    Partial evaluate(Shard shard, FlatVector params, FlatVector state, int[] onlyRows, long start) {
        Dataset data = onlyRows == null ? shard.data() : shard.rows(onlyRows, start);
        if (data.size() == 0) {
            return Partial.EMPTY;
        }
        params.copyTo(model.parameters());
        if (state != null) {
            state.copyTo(model.state());
        }
        Evaluation e = model.evaluate(data);
        long correct = Double.isNaN(e.accuracy()) ? 0 : Math.round(e.accuracy() * e.samples());
        return new Partial(Map.of(), e.loss() * e.samples(), correct, e.samples());
    }

    /** Forward and backward on this shard's share of batch b, class weights applied; gradients are left in the model. */
    private Partial forwardBackward(Shard shard, Shard.Plan plan, int epoch, int b, long noiseSeed) {
        Dataset data = shard.data();
        int from = plan.from(b);
        int m = plan.count(b);
        model.noise().reseed(noiseSeed + 0x9E3779B97F4A7C15L * (shard.partition() + 1) + b);
        Tensor x = batch.features(data, plan.local(), from, m);  // float64 data stays float64
        Tensor y = batch.targets(data, plan.local(), from, m, model.outputSize());
        Tensor w = classWeights.isEmpty() ? null
                : batch.weights(shard.sampleWeights(classWeights), plan.local(), from, m);
        double loss = model.computeGradients(x, y, w, false);
        long correct = model.loss().classifies()
                ? Sequential.countCorrect(model.lastOutput(), data.labels(), plan.local(), from, scratch) : 0;
        return new Partial(Map.of(), loss * m, correct, m);
    }
}

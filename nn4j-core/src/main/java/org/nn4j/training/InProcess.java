package org.nn4j.training;

import org.nn4j.data.Dataset;
import org.nn4j.models.Batch;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.Tensor;

/**
 * Training in this process: every global mini-batch is one forward pass, one backward pass (gradients averaged over
 * the batch, class weights applied) and one {@link Update}.
 */
final class InProcess implements StepStrategy {
    private final Sequential model;
    private final Dataset train;
    private final Dataset validation;
    private final float[] sampleWeights;
    private final Batch batch;
    private final int size;
    private final int[] scratch;
    private final boolean classifies;
    private int[] order;
    private Tensor lastX;

    InProcess(Sequential model, Dataset train, Dataset validation, TrainingConfig config) {
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.sampleWeights = config.classWeights().isEmpty() ? null
                : ClassWeights.perSample(config.classWeights(), train);
        this.batch = new Batch(model.dtype());
        this.size = Math.min(config.batchSize(), train.size());
        this.scratch = new int[size];
        this.classifies = model.loss().classifies();
    }

    @Override
    public int size() {
        return train.size();
    }

    @Override
    public int batchesPerRound() {
        return 1;
    }

    @Override
    public void startEpoch(int epoch, int[] order, long noiseSeed) {
        this.order = order;
        model.noise().reseed(noiseSeed);
    }

    @Override
    public Round round(int epoch, int first, int count, Update update) {
        int from = first * size;
        int m = Math.min(size, train.size() - from);
        lastX = batch.features(train, order, from, m);  // float64 data stays float64
        Tensor y = batch.targets(train, order, from, m, model.outputSize());
        Tensor w = sampleWeights == null ? null : batch.weights(sampleWeights, order, from, m);
        double loss = model.computeGradients(lastX, y, w, false);
        if (!Double.isFinite(loss)) {
            return new Round(loss * m, 0, m);
        }
        update.apply();
        long correct = classifies ? Sequential.countCorrect(model.lastOutput(), train.labels(), order, from, scratch) : 0;
        return new Round(loss * m, correct, m);
    }

    @Override
    public void endEpoch() {
        order = null;
    }

    @Override
    public Evaluation validate() {
        return validation == null ? null : model.evaluate(validation);
    }

    @Override
    public String locateDivergence() {
        return Divergence.locate(model, lastX);
    }

    @Override
    public void close() {
    }
}

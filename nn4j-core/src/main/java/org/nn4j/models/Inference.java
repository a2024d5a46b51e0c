package org.nn4j.models;

import org.nn4j.data.Dataset;
import org.nn4j.layers.Layer;
import org.nn4j.metrics.Scores;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * A model's prediction and evaluation over whole data sets, in batches of {@link Batch#INFERENCE_SIZE}, with the
 * layers in inference mode; {@link Sequential} hands its {@code predict} and {@code evaluate} here. Keeps one
 * {@link Batch} of reusable buffers per model.
 */
final class Inference {
    private final Sequential model;
    private final Batch batch;

    Inference(Sequential model) {
        this.model = model;
        this.batch = new Batch(model.dtype());
    }

    /** Class probabilities (or regression outputs) for n samples, sample-major in and out. */
    float[] predict(float[] features, int n) {
        int inputSize = model.inputSize();
        if ((long) n * inputSize != features.length) {
            throw new IllegalArgumentException(n + " samples of " + inputSize + " features need "
                    + (long) n * inputSize + " values, got " + features.length);
        }
        float[] out = new float[n * model.outputSize()];
        // float32 samples are read in place by a first layer that can (a dense one), not copied into columns
        Layer first = model.dtype() == DType.F32 && model.layers().get(0).readsSamples() ? model.layers().get(0)
                : null;
        Tensor rows = first == null ? null : Tensor.wrap(features, n, inputSize);
        int[] order = null;
        for (int from = 0; from < n; from += Batch.INFERENCE_SIZE) {
            int m = Math.min(Batch.INFERENCE_SIZE, n - from);
            Tensor probs;
            if (first != null) {
                probs = model.forwardFrom(1, first.forwardSamples(rows.view(from * inputSize, m, inputSize), false),
                        false);
            } else {
                order = order == null ? Batch.identity(n) : order;
                probs = model.forward(batch.features(features, inputSize, order, from, m), false);
            }
            Ops.scatterColumns(probs, out, from);
        }
        return out;
    }

    /** The predicted class of each sample: the most probable, or for one sigmoid unit, p ≥ 0.5. */
    int[] predictClasses(float[] features, int n) {
        return Scores.argmax(predict(features, n), model.outputSize());
    }

    /** Loss and accuracy (classification) or mean squared error (regression) over a whole data set. */
    Evaluation evaluate(Dataset data) {
        model.checkData(data);
        boolean classifies = model.loss().classifies();
        int[] order = Batch.identity(data.size());
        double lossSum = 0;
        long correct = 0;
        int[] predicted = new int[Batch.INFERENCE_SIZE];
        for (int from = 0; from < data.size(); from += Batch.INFERENCE_SIZE) {
            int m = Math.min(Batch.INFERENCE_SIZE, data.size() - from);
            Tensor x = batch.features(data.features(), model.inputSize(), order, from, m);
            Tensor y = batch.targets(data, order, from, m, model.outputSize());
            lossSum += model.loss(x, y) * m;
            if (classifies) {
                correct += Sequential.countCorrect(model.lastOutput(), data.labels(), order, from, predicted);
            }
        }
        int n = data.size();
        return new Evaluation(model.loss().name(), lossSum / n, classifies ? (double) correct / n : Double.NaN, n);
    }
}

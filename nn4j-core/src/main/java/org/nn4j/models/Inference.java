package org.nn4j.models;

import java.util.List;
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

    /**
     * Class probabilities (or regression outputs) for n samples, sample-major in and out. A float32 model reads the
     * samples where they lie: a stack of layers that all keep samples in rows ({@link Layer#keepsSamples()}: dense
     * layers and dropout) computes on rows throughout, and its output rows are the answer's; otherwise the leading
     * ones do, up to the {@link #turningLayer} that gives columns to the layers after it.
     */
    float[] predict(float[] features, int n) {
        int inputSize = model.inputSize();
        if ((long) n * inputSize != features.length) {
            throw new IllegalArgumentException(n + " samples of " + inputSize + " features need "
                    + (long) n * inputSize + " values, got " + features.length);
        }
        int k = model.outputSize();
        float[] out = new float[n * k];
        List<Layer> layers = model.layers();
        boolean f32 = model.dtype() == DType.F32;
        boolean allRows = f32 && layers.stream().allMatch(Layer::keepsSamples);
        int turn = f32 && !allRows ? turningLayer(layers) : -1;
        // the layers that take rows and give rows: all of them, or those before the turning layer
        List<Layer> onRows = layers.subList(0, allRows ? layers.size() : Math.max(turn, 0));
        Tensor rows = Tensor.wrap(features, n, inputSize);
        Tensor answer = Tensor.wrap(out, n, k);
        int[] order = allRows || turn >= 0 ? null : Batch.identity(n);
        for (int from = 0; from < n; from += Batch.INFERENCE_SIZE) {
            int m = Math.min(Batch.INFERENCE_SIZE, n - from);
            Tensor x = rows.view(from * inputSize, m, inputSize);
            for (Layer layer : onRows) {
                x = layer.predictSamples(x);
            }
            if (allRows) {
                Ops.copy(x, answer.view(from * k, m, k));
                continue;
            }
            Tensor probs = turn >= 0
                    ? model.forwardFrom(turn + 1, layers.get(turn).forwardSamples(x, false), false)
                    : model.forward(batch.features(features, inputSize, order, from, m), false);
            Ops.scatterColumns(probs, out, from);
        }
        return out;
    }

    /**
     * Where inference turns a sample-major batch into columns when not every layer keeps samples in rows: at the
     * last layer that can ({@link Layer#readsSamples()}) among the leading ones that keep them and the one after
     * those, the layers before it computing on rows; -1 if none can, and the batch is copied into columns first.
     */
    static int turningLayer(List<Layer> layers) {
        int keep = 0;
        while (keep < layers.size() - 1 && layers.get(keep).keepsSamples()) {
            keep++;
        }
        for (int turn = keep; turn >= 0; turn--) {
            if (layers.get(turn).readsSamples()) {
                return turn;
            }
        }
        return -1;
    }

    /** The outputs for every sample of {@code data}, one row per sample, computed in the model's precision. */
    double[][] predict(Dataset data) {
        int k = model.outputSize();
        double[][] out = new double[data.size()][k];
        int[] order = Batch.identity(data.size());
        for (int from = 0; from < data.size(); from += Batch.INFERENCE_SIZE) {
            int m = Math.min(Batch.INFERENCE_SIZE, data.size() - from);
            Tensor probs = model.forward(batch.features(data, order, from, m), false);
            for (int c = 0; c < m; c++) {
                for (int r = 0; r < k; r++) {
                    out[from + c][r] = probs.get(r, c);
                }
            }
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
            Tensor x = batch.features(data, order, from, m);
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

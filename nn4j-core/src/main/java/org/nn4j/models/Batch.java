package org.nn4j.models;

import org.nn4j.data.Dataset;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Reusable feature-major tensors for mini-batches: gathers samples {@code order[from .. from + m)} of a
 * sample-major data set into an {@code inputSize × m} input and the matching {@code outputs × m} targets
 * (one-hot for several outputs, the 0/1 label for one). Buffers grow once and are then reused.
 */
public final class Batch {
    /** The batch size used for prediction and evaluation. */
    public static final int INFERENCE_SIZE = 1024;
    private final DType dtype;
    private Tensor x;
    private Tensor y;
    private Tensor w;

    public Batch(DType dtype) {
        this.dtype = dtype;
    }

    /** The features of the chosen samples; valid until the next call. */
    public Tensor features(float[] samples, int width, int[] order, int from, int m) {
        x = Tensor.reuse(x, dtype, width, m);
        Ops.gatherColumns(samples, order, from, x);
        return x;
    }

    /**
     * The features of samples {@code order[from .. from + m)} of {@code data}, exact for float64 data; valid
     * until the next call.
     *
     * @param data  the data set
     * @param order sample order
     * @param from  first position in {@code order}
     * @param m     number of samples
     * @return the {@code d × m} batch
     */
    public Tensor features(Dataset data, int[] order, int from, int m) {
        if (!data.isDouble()) {
            return features(data.features(), data.numFeatures(), order, from, m);
        }
        x = Tensor.reuse(x, dtype, data.numFeatures(), m);
        Ops.gatherColumns(data.doubleFeatures(), order, from, x);
        return x;
    }

    /** The targets of the chosen samples for a model with {@code outputs} output units. */
    public Tensor targets(Dataset data, int[] order, int from, int m, int outputs) {
        y = Tensor.reuse(y, dtype, outputs, m);
        if (data.isClassification()) {
            Ops.encodeLabels(data.labels(), order, from, y);
        } else if (data.isDouble()) {
            Ops.gatherColumns(data.doubleTargets(), order, from, y);
        } else {
            Ops.gatherColumns(data.targets(), order, from, y);
        }
        return y;
    }

    /** The weights (1 × m) of the chosen samples, from one weight per sample of the data set. */
    public Tensor weights(float[] perSample, int[] order, int from, int m) {
        w = Tensor.reuse(w, dtype, 1, m);
        Ops.gatherColumns(perSample, order, from, w);
        return w;
    }

    /** 0, 1, …, n − 1. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}

package org.nn4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What partitions send back to the driver, summed over partitions by {@code treeAggregate}: vectors (a gradient
 * sum, or weighted parameters and optimiser moments), the summed loss of the samples seen (each batch's mean loss
 * × its samples, as {@code Trainer} counts it), how many of them were classified correctly, and how many there were.
 */
final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The neutral element: what a partition with no samples in a round contributes. */
    static final Partial EMPTY = new Partial(List.of(), 0, 0, 0);

    private final List<FlatVector> vectors;
    private final double lossSum;
    private final long correct;
    private final long samples;

    Partial(List<FlatVector> vectors, double lossSum, long correct, long samples) {
        this.vectors = List.copyOf(vectors);
        this.lossSum = lossSum;
        this.correct = correct;
        this.samples = samples;
    }

    /** The sum of two partials; reuses (and changes) the vectors of {@code a}. */
    static Partial sum(Partial a, Partial b) {
        if (a.samples == 0) {
            return b;
        }
        if (b.samples == 0) {
            return a;
        }
        for (int i = 0; i < a.vectors.size(); i++) {
            a.vectors.get(i).add(b.vectors.get(i));
        }
        return new Partial(a.vectors, a.lossSum + b.lossSum, a.correct + b.correct, a.samples + b.samples);
    }

    List<FlatVector> vectors() {
        return vectors;
    }

    double lossSum() {
        return lossSum;
    }

    long correct() {
        return correct;
    }

    long samples() {
        return samples;
    }
}

package org.nn4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What partitions send back to the driver, summed over partitions by {@code treeAggregate}: named vectors (a
 * gradient sum, or weighted parameters and optimiser state), the summed loss of the samples seen (each batch's mean
 * loss × its samples, as {@code Trainer} counts it), how many of them were classified correctly, and how many
 * there were.
 */
final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The neutral element: what a partition with no samples in a round contributes. */
    static final Partial EMPTY = new Partial(Map.of(), 0, 0, 0);

    private final Map<String, FlatVector> vectors;
    private final double lossSum;
    private final long correct;
    private final long samples;

    Partial(Map<String, FlatVector> vectors, double lossSum, long correct, long samples) {
        this.vectors = new LinkedHashMap<>(vectors);
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
        a.vectors.forEach((name, v) -> v.add(b.vectors.get(name)));
        return new Partial(a.vectors, a.lossSum + b.lossSum, a.correct + b.correct, a.samples + b.samples);
    }

    /** The counts of this partial without its vectors. */
    Partial counts() {
        return new Partial(Map.of(), lossSum, correct, samples);
    }

    Map<String, FlatVector> vectors() {
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

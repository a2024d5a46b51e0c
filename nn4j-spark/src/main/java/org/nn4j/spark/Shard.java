package org.nn4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.nn4j.data.Dataset;
import org.nn4j.training.ClassWeights;

/**
 * One partition's samples, converted once from rows into the sample-major arrays nn4j trains on and kept in
 * Spark's cache: class labels (0 .. classes − 1) or regression targets. Its samples are global samples
 * {@code start .. start + size − 1} of the training order, where {@code start} counts the samples of the
 * partitions before it.
 *
 * <p>Each epoch, a shard works out once which of its samples fall in which mini-batch ({@link Plan}); a step's
 * task then gathers its share of the global batch without looking at the others.
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final Values features;
    private final int numFeatures;
    private final int[] labels;
    private final int classes;
    private final Values targets;
    private final int targetSize;
    private transient Dataset data;
    private transient Plan plan;
    private transient float[] sampleWeights;

    /**
     * Numbers as a shard keeps them: float64 for a float64 model, which trains on them unrounded, else float32
     * (half the memory in Spark's cache).
     */
    record Values(float[] floats, double[] doubles) implements Serializable {
        int length() {
            return doubles != null ? doubles.length : floats.length;
        }

        private static float[] toFloats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }

        /** Elements [from, to) of float32 values. */
        static Values range(float[] values, int from, int to) {
            return new Values(Arrays.copyOfRange(values, from, to), null);
        }

        /** Elements [from, to) of float64 values, unrounded. */
        static Values range(double[] values, int from, int to) {
            return new Values(null, Arrays.copyOfRange(values, from, to));
        }

        /** Values [from, from + length) as doubles (float32 values widen exactly). */
        double[] widened(int from, int length) {
            if (doubles != null) {
                return Arrays.copyOfRange(doubles, from, from + length);
            }
            double[] out = new double[length];
            for (int j = 0; j < length; j++) {
                out[j] = floats[from + j];
            }
            return out;
        }

        /**
         * Values appended run by run, kept as the shard will keep them (a float32 buffer holds half the bytes of
         * the doubles it is given); it grows by half its size when full.
         */
        static final class Builder {
            private final boolean keepDoubles;
            private float[] floats;
            private double[] doubles;
            private int size;

            Builder(boolean keepDoubles, int capacity) {
                this.keepDoubles = keepDoubles;
                if (keepDoubles) {
                    doubles = new double[capacity];
                } else {
                    floats = new float[capacity];
                }
            }

            void append(double[] values) {
                int capacity = keepDoubles ? doubles.length : floats.length;
                if (size + values.length > capacity) {
                    long grown = Math.max((long) size + values.length, capacity + (long) (capacity >> 1));
                    int n = (int) Math.min(grown, Integer.MAX_VALUE - 8);
                    if (n < size + values.length) {
                        throw new IllegalArgumentException("SparkTrainer: a partition holds more than "
                                + (Integer.MAX_VALUE - 8) + " values; use more partitions");
                    }
                    if (keepDoubles) {
                        doubles = Arrays.copyOf(doubles, n);
                    } else {
                        floats = Arrays.copyOf(floats, n);
                    }
                }
                if (keepDoubles) {
                    System.arraycopy(values, 0, doubles, size, values.length);
                } else {
                    for (int j = 0; j < values.length; j++) {
                        floats[size + j] = (float) values[j];
                    }
                }
                size += values.length;
            }

            Values build() {
                return keepDoubles ? range(doubles, 0, size) : range(floats, 0, size);
            }
        }
    }

    private Shard(int partition, Values features, int numFeatures, int[] labels, int classes, Values targets,
                  int targetSize) {
        this.partition = partition;
        this.features = features;
        this.numFeatures = numFeatures;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetSize = targetSize;
    }

    static Shard classification(int partition, Values features, int numFeatures, int[] labels, int classes) {
        return new Shard(partition, features, numFeatures, labels, classes, null, 0);
    }

    static Shard regression(int partition, Values features, int numFeatures, Values targets, int targetSize) {
        return new Shard(partition, features, numFeatures, null, 0, targets, targetSize);
    }

    int partition() {
        return partition;
    }

    int size() {
        return features.length() / numFeatures;
    }

    /** The samples as an nn4j data set (made once per copy of the shard). */
    synchronized Dataset data() {
        if (data == null) {
            if (labels != null) {
                List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString)
                        .collect(Collectors.toList());
                data = features.doubles() == null ? Dataset.classification(features.floats(), numFeatures, labels, names)
                        : Dataset.classification(Values.toFloats(features.doubles()), numFeatures, labels, names)
                                .withFeatures(features.doubles(), numFeatures);
            } else {
                data = features.doubles() == null
                        ? Dataset.regression(features.floats(), numFeatures, targets.floats(), targetSize)
                        : Dataset.regression(features.doubles(), numFeatures, targets.doubles(), targetSize);
            }
        }
        return data;
    }

    /** The class weight of each sample (computed once per copy of the shard). */
    synchronized float[] sampleWeights(List<Double> classWeights) {
        if (sampleWeights == null) {
            sampleWeights = ClassWeights.perSample(classWeights, data());
        }
        return sampleWeights;
    }

    /** Those of this shard's samples whose global rows are listed in {@code rows} (ascending), the shard at {@code start}. */
    Dataset rows(int[] rows, long start) {
        int from = lowerBound(rows, start);
        int to = lowerBound(rows, start + size());
        int[] local = new int[to - from];
        for (int k = from; k < to; k++) {
            local[k - from] = (int) (rows[k] - start);
        }
        return data().select(local);
    }

    /** The first index of {@code sorted} (distinct values) whose value is at least {@code key}. */
    private static int lowerBound(int[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, (int) Math.min(key, Integer.MAX_VALUE));
        return i < 0 ? -i - 1 : i;
    }

    /**
     * Where this shard's samples fall in the mini-batches of an epoch whose order is {@code order}, this shard
     * starting at global sample {@code start}; computed on the epoch's first call.
     */
    synchronized Plan plan(int epoch, int[] order, int batchSize, long start) {
        if (plan == null || plan.epoch() != epoch) {
            int batches = (order.length + batchSize - 1) / batchSize;
            int[] local = new int[size()];
            int[] batchStart = new int[batches + 1];
            int placed = 0;
            for (int k = 0; k < order.length; k++) {
                long s = order[k] - start;
                if (s >= 0 && s < local.length) {
                    local[placed++] = (int) s;
                    batchStart[k / batchSize + 1] = placed;
                }
            }
            for (int b = 1; b <= batches; b++) {
                batchStart[b] = Math.max(batchStart[b], batchStart[b - 1]);
            }
            plan = new Plan(epoch, local, batchStart);
        }
        return plan;
    }

    /**
     * This shard's samples in the order of an epoch: those of global batch b are
     * {@code local[batchStart[b] .. batchStart[b + 1])}, indices into the shard.
     */
    record Plan(int epoch, int[] local, int[] batchStart) {
        int from(int batch) {
            return batchStart[batch];
        }

        int count(int batch) {
            return batchStart[batch + 1] - batchStart[batch];
        }
    }
}

package org.nn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nn4j.tensor.Shape;

/**
 * An in-memory data set: n samples of d float32 features, stored sample-major (row i holds sample i), with either
 * class labels (0 .. k−1, plus optional class names) or real-valued targets (t values per sample).
 * Immutable once built: selections and splits copy.
 */
public final class Dataset {
    private final float[] features;
    private final int size;
    private final int numFeatures;
    private final int[] labels;
    private final float[] targets;
    private final int targetSize;
    private final List<String> classNames;
    private final List<String> featureNames;
    /** The float64 features and targets of a set built from doubles (else null); the float arrays are their copies. */
    private final double[] doubleFeatures;
    private final double[] doubleTargets;
    /** The shape of one sample when it is more than a vector (an image); null for (numFeatures). */
    private Shape shape;

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames) {
        this(features, size, numFeatures, labels, targets, targetSize, classNames, List.of(), null, null);
    }

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames, double[] doubleFeatures, double[] doubleTargets) {
        this(features, size, numFeatures, labels, targets, targetSize, classNames, List.of(), doubleFeatures,
                doubleTargets);
    }

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames, List<String> featureNames) {
        this(features, size, numFeatures, labels, targets, targetSize, classNames, featureNames, null, null);
    }

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames, List<String> featureNames, double[] doubleFeatures,
                    double[] doubleTargets) {
        if (size < 0 || numFeatures <= 0) {
            throw new IllegalArgumentException("a data set needs n ≥ 0 samples of d > 0 features, got n=" + size
                    + ", d=" + numFeatures);
        }
        if ((long) size * numFeatures != features.length) {
            throw new IllegalArgumentException(size + " samples of " + numFeatures + " features need "
                    + (long) size * numFeatures + " values, got " + features.length);
        }
        this.features = features;
        this.size = size;
        this.numFeatures = numFeatures;
        this.labels = labels;
        this.targets = targets;
        this.targetSize = targetSize;
        this.classNames = List.copyOf(classNames);
        this.doubleFeatures = doubleFeatures;
        this.doubleTargets = doubleTargets;
        this.featureNames = List.copyOf(featureNames);
        if (!this.featureNames.isEmpty() && this.featureNames.size() != numFeatures) {
            throw new IllegalArgumentException(numFeatures + " features need as many names, got "
                    + this.featureNames.size());
        }
    }

    /**
     * A classification set. Labels must lie in 0 .. classNames.size()−1 when names are given; without names (null
     * or empty) the classes are named by their index.
     *
     * @param features    n × d values, sample-major (sample i is {@code features[i·d .. i·d + d)}); not copied
     * @param numFeatures d, the features per sample
     * @param labels      the class index of each of the n samples
     * @param classNames  one name per class, or null or empty to name classes by their index
     * @return the data set, sharing {@code features} and {@code labels}
     * @throws IllegalArgumentException if the lengths do not agree or a label lies outside the classes
     */
    public static Dataset classification(float[] features, int numFeatures, int[] labels, List<String> classNames) {
        classNames = classNames == null ? List.of() : classNames;
        int n = labels.length;
        int k = classNames.isEmpty() ? Arrays.stream(labels).max().orElse(-1) + 1 : classNames.size();
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside 0.."
                        + (k - 1));
            }
        }
        List<String> names = new ArrayList<>(classNames);
        for (int c = names.size(); c < k; c++) {
            names.add(Integer.toString(c));
        }
        return new Dataset(features, n, numFeatures, labels, null, 0, names);
    }

    /**
     * A classification set from one-hot labels: {@code oneHot} holds k values per sample (sample-major), exactly
     * one of them 1 and the others 0.
     * @param features n × d values, sample-major; not copied
     * @param numFeatures d
     * @param oneHot n × k values, sample-major
     * @param classNames one name per class (k ≥ 2)
     * @return the data set with class indices
     * @throws IllegalArgumentException if a row is not one-hot or the lengths do not agree
     */
    public static Dataset classificationFromOneHot(float[] features, int numFeatures, float[] oneHot,
                                                   List<String> classNames) {
        int k = classNames.size();
        if (k < 2 || oneHot.length % k != 0) {
            throw new IllegalArgumentException(oneHot.length + " one-hot values do not form rows of " + k
                    + " classes (give one name per class)");
        }
        int[] labels = new int[oneHot.length / k];
        for (int i = 0; i < labels.length; i++) {
            int hot = -1;
            for (int j = 0; j < k; j++) {
                float v = oneHot[i * k + j];
                if (v == 1 && hot < 0) {
                    hot = j;
                } else if (v != 0) {
                    throw new IllegalArgumentException("one-hot row " + i + " is not one-hot: value " + v
                            + " at class " + j);
                }
            }
            if (hot < 0) {
                throw new IllegalArgumentException("one-hot row " + i + " has no class set to 1");
            }
            labels[i] = hot;
        }
        return classification(features, numFeatures, labels, classNames);
    }

    /**
     * A regression set with {@code targetSize} real targets per sample, sample-major.
     *
     * @param features    n × d values, sample-major; not copied
     * @param numFeatures d, the features per sample
     * @param targets     n × t values, sample-major; not copied
     * @param targetSize  t, the targets per sample
     * @return the data set, sharing the arrays
     * @throws IllegalArgumentException if the lengths do not agree or a target is NaN or infinite
     */
    public static Dataset regression(float[] features, int numFeatures, float[] targets, int targetSize) {
        if (targetSize <= 0 || targets.length % targetSize != 0) {
            throw new IllegalArgumentException(targets.length + " target values do not form rows of " + targetSize);
        }
        for (int i = 0; i < targets.length; i++) {
            requireFiniteTarget(targets[i], i, targetSize);
        }
        return new Dataset(features, targets.length / targetSize, numFeatures, null, targets, targetSize, List.of());
    }

    /**
     * Features without labels or targets: inputs to predict on.
     *
     * @param features n × d values, sample-major; not copied
     * @param numFeatures d
     * @return the data set
     * @throws IllegalArgumentException if the length is not a multiple of d
     */
    public static Dataset unlabeled(float[] features, int numFeatures) {
        if (numFeatures <= 0 || features.length % numFeatures != 0) {
            throw new IllegalArgumentException(features.length + " values do not form rows of " + numFeatures);
        }
        return new Dataset(features, features.length / numFeatures, numFeatures, null, null, 0, List.of());
    }

    /**
     * A classification set from rows of float32 features: {@code x[i]} is sample i, {@code labels[i]} its class
     * (0 .. k−1, k = the largest label + 1; classes are named by their index). The rows are copied.
     *
     * @param x      n rows of d features, samples first
     * @param labels n class indices
     * @return the data set
     * @throws IllegalArgumentException if the rows differ in length, a value is NaN or infinite, the lengths differ,
     *                                  or a label is negative
     */
    public static Dataset classification(float[][] x, int[] labels) {
        requireRows(x.length, labels.length, "labels");
        return classification(flatten(x, "x"), width(x), labels.clone(), List.of());
    }

    /**
     * A classification set from rows of float64 features, which a float64 model trains on without rounding to
     * float32 (a float32 model rounds them). As {@link #classification(float[][], int[])} otherwise.
     *
     * @param x      n rows of d features, samples first
     * @param labels n class indices
     * @return the data set
     * @throws IllegalArgumentException as {@link #classification(float[][], int[])}
     */
    public static Dataset classification(double[][] x, int[] labels) {
        requireRows(x.length, labels.length, "labels");
        double[] features = flatten(x, "x");
        Dataset d = classification(toFloats(features), width(x), labels.clone(), List.of());
        return new Dataset(d.features, d.size, d.numFeatures, d.labels, null, 0, d.classNames, features, null);
    }

    /**
     * A regression set from rows of float32 features and targets: {@code y[i]} holds sample i's t targets.
     *
     * @param x n rows of d features, samples first
     * @param y n rows of t targets
     * @return the data set (the rows are copied)
     * @throws IllegalArgumentException if rows differ in length, counts differ, or a value is NaN or infinite
     */
    public static Dataset regression(float[][] x, float[][] y) {
        requireRows(x.length, y.length, "target rows");
        return regression(flatten(x, "x"), width(x), flatten(y, "y"), width(y));
    }

    /**
     * A regression set from rows of float64 features and targets, which a float64 model trains on exactly.
     *
     * @param x n rows of d features, samples first
     * @param y n rows of t targets
     * @return the data set (the rows are copied)
     * @throws IllegalArgumentException if rows differ in length, counts differ, or a value is NaN or infinite
     */
    public static Dataset regression(double[][] x, double[][] y) {
        requireRows(x.length, y.length, "target rows");
        return regression(flatten(x, "x"), width(x), flatten(y, "y"), width(y));
    }

    /**
     * A regression set from flat sample-major float64 arrays (not copied), as CSV readers produce for float64
     * models.
     *
     * @param features    n × d values, sample-major
     * @param numFeatures d
     * @param targets     n × t values, sample-major
     * @param targetSize  t
     * @return the data set
     * @throws IllegalArgumentException if the lengths do not agree or a target is NaN or infinite
     */
    public static Dataset regression(double[] features, int numFeatures, double[] targets, int targetSize) {
        for (int i = 0; i < targets.length; i++) {
            requireFiniteTarget(targets[i], i, targetSize);
        }
        Dataset d = regression(toFloats(features), numFeatures, toFloats(targets), targetSize);
        return new Dataset(d.features, d.size, numFeatures, null, d.targets, targetSize, List.of(), features, targets);
    }

    /**
     * Rows of float32 features without labels: inputs to predict on.
     *
     * @param x n rows of d features
     * @return the data set (the rows are copied)
     * @throws IllegalArgumentException if rows differ in length or a value is NaN or infinite
     */
    public static Dataset unlabeled(float[][] x) {
        return unlabeled(flatten(x, "x"), width(x));
    }

    /**
     * Rows of float64 features without labels: inputs to predict on.
     *
     * @param x n rows of d features
     * @return the data set (the rows are copied)
     * @throws IllegalArgumentException if rows differ in length or a value is NaN or infinite
     */
    public static Dataset unlabeled(double[][] x) {
        return unlabeled(flatten(x, "x"), width(x));
    }

    /**
     * Flat sample-major float64 features without labels (not copied), as CSV readers produce for float64 models.
     *
     * @param features    n × d values, sample-major
     * @param numFeatures d
     * @return the data set
     * @throws IllegalArgumentException if the length is not a multiple of d
     */
    public static Dataset unlabeled(double[] features, int numFeatures) {
        Dataset d = unlabeled(toFloats(features), numFeatures);
        return new Dataset(d.features, d.size, numFeatures, null, null, 0, List.of(), features, null);
    }

    private static void requireRows(int n, int m, String what) {
        if (n != m) {
            throw new IllegalArgumentException(n + " rows of features but " + m + " " + what);
        }
    }

    private static void requireFiniteTarget(double v, int flatIndex, int targetSize) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("target " + flatIndex % targetSize + " of sample "
                    + flatIndex / targetSize + " is " + v + "; regression targets must be finite numbers");
        }
    }

    private static int width(Object[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows: a data set from arrays needs at least one sample");
        }
        return java.lang.reflect.Array.getLength(rows[0]);
    }

    /** The rows one after another, checked to be equally long and finite. */
    private static float[] flatten(float[][] rows, String name) {
        int d = checkRows(rows, name, (i, j) -> rows[i][j]);
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    private static double[] flatten(double[][] rows, String name) {
        int d = checkRows(rows, name, (i, j) -> rows[i][j]);
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    /** Value j of row i, whatever the element type. */
    private interface Cell {
        double at(int i, int j);
    }

    /** Checks that every row is as long as the first and every value finite; returns that length. */
    private static int checkRows(Object[] rows, String name, Cell cell) {
        int d = width(rows);
        Math.multiplyExact(rows.length, d);
        for (int i = 0; i < rows.length; i++) {
            requireWidth(java.lang.reflect.Array.getLength(rows[i]), d, name, i);
            for (int j = 0; j < d; j++) {
                requireFinite(cell.at(i, j), name, i, j);
            }
        }
        return d;
    }

    private static void requireWidth(int length, int d, String name, int i) {
        if (length != d) {
            throw new IllegalArgumentException(name + "[" + i + "] has " + length + " values, " + name + "[0] has "
                    + d);
        }
    }

    private static void requireFinite(double v, String name, int i, int j) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is " + v + "; values must be finite");
        }
    }

    /** Float32 copies of {@code values} (rounded to nearest; exact for float32 values held in doubles). */
    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * The features as rows, samples first: {@code featureRows()[i]} is sample i's d features (float32).
     *
     * @return a new n × d array
     */
    public float[][] featureRows() {
        float[][] rows = new float[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = Arrays.copyOfRange(features, i * numFeatures, (i + 1) * numFeatures);
        }
        return rows;
    }

    /**
     * The features as float64 rows, samples first: exact for float64 data, widened from float32 otherwise.
     *
     * @return a new n × d array
     */
    public double[][] doubleFeatureRows() {
        double[] flat = doubleFeatures();
        double[][] rows = new double[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * numFeatures, (i + 1) * numFeatures);
        }
        return rows;
    }

    /**
     * Whether the set holds float64 values (built from {@code double} arrays): then {@link #doubleFeatures()} and,
     * for regression, {@link #doubleTargets()} are exact, and {@link #features()} and {@link #targets()} are their
     * float32 roundings.
     *
     * @return true for float64 data
     */
    public boolean isDouble() {
        return doubleFeatures != null;
    }

    /**
     * The features as float64, sample-major (n × d): the values themselves for float64 data, else a widened copy.
     *
     * @return the features; for float64 data not copied, so do not modify
     */
    public double[] doubleFeatures() {
        return doubleFeatures != null ? doubleFeatures : widen(features);
    }

    /**
     * The regression targets as float64, sample-major (n × t): exact for float64 data, else widened.
     *
     * @return the targets; for float64 data not copied, so do not modify
     * @throws IllegalStateException if the set has class labels or nothing to predict
     */
    public double[] doubleTargets() {
        float[] t = targets();
        return doubleTargets != null ? doubleTargets : widen(t);
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /**
     * False for {@link #unlabeled} data.
     *
     * @return whether the samples have labels or targets
     */
    public boolean isLabeled() {
        return labels != null || targets != null;
    }

    /**
     * Number of samples.
     *
     * @return n
     */
    public int size() {
        return size;
    }

    /**
     * The number of features per sample.
     *
     * @return d
     */
    public int numFeatures() {
        return numFeatures;
    }

    /**
     * The features, sample-major (n × d). Not copied: do not modify.
     *
     * @return n × d float32 values
     */
    public float[] features() {
        return features;
    }

    /**
     * Whether the samples have class labels (rather than regression targets or nothing).
     *
     * @return true for a classification set
     */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * The class index of each sample. Not copied: do not modify.
     *
     * @return n class indices
     * @throws IllegalStateException if the set has targets or nothing to predict
     */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(targets == null ? "the data set has no labels"
                    : "a regression data set has targets, not labels");
        }
        return labels;
    }

    /**
     * The targets of a regression set, sample-major (n × targetSize). Not copied: do not modify.
     *
     * @return n × t float32 values
     * @throws IllegalStateException if the set has labels or nothing to predict
     */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException(labels == null ? "the data set has no targets"
                    : "a classification data set has labels, not targets");
        }
        return targets;
    }

    /**
     * Targets per sample (regression), or 0 for classification.
     *
     * @return t, or 0
     */
    public int targetSize() {
        return targetSize;
    }

    /**
     * The number of classes k, labels being 0 .. k−1 (0 for regression).
     *
     * @return k
     */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * The name of each class, in label order (indices as text where none were given).
     *
     * @return an unmodifiable list of k names
     */
    public List<String> classNames() {
        return classNames;
    }

    /** The features' names in column order (a CSV's header), or an empty list when they have none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The same samples with these feature names (one per feature, or none). */
    public Dataset withFeatureNames(List<String> names) {
        return new Dataset(features, size, numFeatures, labels, targets, targetSize, classNames, names,
                doubleFeatures, doubleTargets).shaped(shape);
    }

    /**
     * The same samples with class labels renumbered by {@code newLabel} (old class c becomes {@code newLabel[c]})
     * and these class names; the features are shared, not copied.
     */
    Dataset relabel(int[] newLabel, List<String> names) {
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            y[i] = newLabel[labels()[i]];
        }
        return new Dataset(features, size, numFeatures, y, null, 0, names, featureNames, doubleFeatures, null)
                .shaped(shape);
    }

    /**
     * A new set of the given samples, in the given order.
     *
     * @param indices sample indices, each in 0 .. n−1, repeats allowed
     * @return a new data set holding copies of those samples (float64 values stay float64)
     */
    public Dataset select(int[] indices) {
        float[] x = new float[indices.length * numFeatures];
        double[] x64 = doubleFeatures == null ? null : new double[x.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * numFeatures, x, i * numFeatures, numFeatures);
            if (x64 != null) {
                System.arraycopy(doubleFeatures, indices[i] * numFeatures, x64, i * numFeatures, numFeatures);
            }
        }
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                y[i] = labels[indices[i]];
            }
            return new Dataset(x, indices.length, numFeatures, y, null, 0, classNames, featureNames, x64, null)
                    .shaped(shape);
        }
        if (targets == null) {
            return new Dataset(x, indices.length, numFeatures, null, null, 0, classNames, featureNames, x64, null)
                    .shaped(shape);
        }
        float[] t = new float[indices.length * targetSize];
        double[] t64 = doubleTargets == null ? null : new double[t.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetSize, t, i * targetSize, targetSize);
            if (t64 != null) {
                System.arraycopy(doubleTargets, indices[i] * targetSize, t64, i * targetSize, targetSize);
            }
        }
        return new Dataset(x, indices.length, numFeatures, null, t, targetSize, classNames, featureNames, x64, t64)
                .shaped(shape);
    }

    /**
     * A new set with the same labels and other features (n × d′), e.g. after scaling.
     *
     * @param newFeatures    n × d′ float32 values, sample-major; not copied
     * @param newNumFeatures d′
     * @return the new set (float64 targets are kept; d′ = d keeps the shape)
     */
    public Dataset withFeatures(float[] newFeatures, int newNumFeatures) {
        boolean same = newNumFeatures == numFeatures;
        return new Dataset(newFeatures, size, newNumFeatures, labels, targets, targetSize, classNames,
                same ? featureNames : List.of(), null, doubleTargets).shaped(same ? shape : null);
    }

    /**
     * A new float64 set with the same labels and other features (n × d′), e.g. after scaling float64 data.
     *
     * @param newFeatures    n × d′ float64 values, sample-major; not copied
     * @param newNumFeatures d′
     * @return the new set (d′ = d keeps the shape and the feature names)
     */
    public Dataset withFeatures(double[] newFeatures, int newNumFeatures) {
        boolean same = newNumFeatures == numFeatures;
        return new Dataset(toFloats(newFeatures), size, newNumFeatures, labels, targets, targetSize, classNames,
                same ? featureNames : List.of(), newFeatures, targets == null ? null : doubleTargets())
                .shaped(same ? shape : null);
    }

    /**
     * The same samples, each seen as {@code sampleShape}, e.g. an image (1, 28, 28) whose rows are flattened
     * channel by channel, then row by row; the shape must hold {@link #numFeatures()} values.
     */
    public Dataset withShape(Shape sampleShape) {
        if (sampleShape.size() != numFeatures) {
            throw new IllegalArgumentException("samples of shape " + sampleShape + " hold " + sampleShape.size()
                    + " values, but the data has " + numFeatures + " features per sample");
        }
        return new Dataset(features, size, numFeatures, labels, targets, targetSize, classNames, featureNames,
                doubleFeatures, doubleTargets).shaped(sampleShape.isImage() ? sampleShape : null);
    }

    /** The shape of one sample: {@code (numFeatures)}, or an image's (C, H, W). */
    public Shape shape() {
        return shape != null ? shape : Shape.features(numFeatures);
    }

    private Dataset shaped(Shape sampleShape) {
        this.shape = sampleShape;
        return this;
    }

    /**
     * Only the samples of the given classes, relabelled 0 .. k−1 in the order given; class names follow.
     * Two classes make a binary task.
     *
     * @param classes the classes to keep, in their new order
     * @return a new classification set
     * @throws IllegalArgumentException if a class does not exist or is named twice
     */
    public Dataset filterClasses(int... classes) {
        int[] newLabel = new int[numClasses()];
        Arrays.fill(newLabel, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < 0 || c >= numClasses()) {
                throw new IllegalArgumentException("class " + c + " does not exist; classes are 0.." + (numClasses() - 1));
            }
            if (newLabel[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " is named twice");
            }
            newLabel[c] = i;
            names.add(classNames.get(c));
        }
        int[] keep = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (newLabel[labels()[i]] >= 0) {
                keep[n++] = i;
            }
        }
        Dataset picked = select(Arrays.copyOf(keep, n));
        for (int i = 0; i < n; i++) {
            picked.labels[i] = newLabel[picked.labels[i]];
        }
        return new Dataset(picked.features, n, numFeatures, picked.labels, null, 0, names, featureNames,
                picked.doubleFeatures, null)
                .shaped(shape);
    }

    /**
     * 0 .. n − 1 shuffled by Fisher–Yates from {@code seed}: the order {@link #split} draws from.
     *
     * @param n how many indices
     * @param seed the shuffle's seed
     * @return a new permutation of 0 .. n − 1
     */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Splits off a random fraction of the samples as a validation set, shuffled by {@code seed}.
     * The remaining training samples keep their original order.
     * @param validationFraction the share held out, strictly between 0 and 1
     * @param seed which samples are held out
     * @return the two sets
     * @throws IllegalArgumentException if the fraction leaves either side empty
     */
    public Split split(double validationFraction, long seed) {
        SplitIndices indices = splitIndices(size, validationFraction, seed);
        return new Split(select(indices.train()), select(indices.validation()));
    }

    /**
     * Which of {@code size} samples {@link #split} holds out: a validation fraction of them (rounded), drawn by
     * {@link #permutation}, the rest for training, each in ascending order. Data-parallel training splits rows it
     * never gathers by these indices.
     */
    public static SplitIndices splitIndices(int size, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must lie strictly between 0 and 1, got "
                    + validationFraction);
        }
        int nVal = (int) Math.round(size * validationFraction);
        if (nVal == 0 || nVal == size) {
            throw new IllegalArgumentException("a validation fraction of " + validationFraction + " of " + size
                    + " samples leaves one side empty");
        }
        int[] order = permutation(size, seed);
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, size);
        Arrays.sort(val);
        Arrays.sort(train);
        return new SplitIndices(train, val);
    }

    /**
     * The sample indices of a training/validation split, each ascending.
     *
     * @param train      the samples trained on
     * @param validation the samples held out
     */
    public record SplitIndices(int[] train, int[] validation) {
    }

    /**
     * A training set and the validation set split from it.
     *
     * @param train      the samples kept for training, in their original order
     * @param validation the samples held out, in their original order
     */
    public record Split(Dataset train, Dataset validation) {
    }

    @Override
    public String toString() {
        return "Dataset(" + size + " samples × " + numFeatures + (isDouble() ? " float64" : "") + " features, "
                + (labels != null ? numClasses() + " classes" : targets != null ? targetSize + " targets" : "no labels")
                + ")";
    }
}

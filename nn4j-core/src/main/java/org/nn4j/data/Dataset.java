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
    /** The shape of one sample when it is more than a vector (an image); null for (numFeatures). */
    private Shape shape;

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames) {
        this(features, size, numFeatures, labels, targets, targetSize, classNames, List.of());
    }

    private Dataset(float[] features, int size, int numFeatures, int[] labels, float[] targets, int targetSize,
                    List<String> classNames, List<String> featureNames) {
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
        this.featureNames = List.copyOf(featureNames);
        if (!this.featureNames.isEmpty() && this.featureNames.size() != numFeatures) {
            throw new IllegalArgumentException(numFeatures + " features need as many names, got "
                    + this.featureNames.size());
        }
    }

    /**
     * A classification set. Labels must lie in 0 .. classNames.size()−1 when names are given; without names the
     * classes are named by their index.
     */
    public static Dataset classification(float[] features, int numFeatures, int[] labels, List<String> classNames) {
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

    /** A regression set with {@code targetSize} real targets per sample, sample-major. */
    public static Dataset regression(float[] features, int numFeatures, float[] targets, int targetSize) {
        if (targetSize <= 0 || targets.length % targetSize != 0) {
            throw new IllegalArgumentException(targets.length + " target values do not form rows of " + targetSize);
        }
        return new Dataset(features, targets.length / targetSize, numFeatures, null, targets, targetSize, List.of());
    }

    /** Features without labels or targets: inputs to predict on. */
    public static Dataset unlabeled(float[] features, int numFeatures) {
        if (numFeatures <= 0 || features.length % numFeatures != 0) {
            throw new IllegalArgumentException(features.length + " values do not form rows of " + numFeatures);
        }
        return new Dataset(features, features.length / numFeatures, numFeatures, null, null, 0, List.of());
    }

    /** False for {@link #unlabeled} data. */
    public boolean isLabeled() {
        return labels != null || targets != null;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    public int numFeatures() {
        return numFeatures;
    }

    /** The features, sample-major (n × d). Not copied: do not modify. */
    public float[] features() {
        return features;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The class index of each sample. Not copied: do not modify. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(targets == null ? "the data set has no labels"
                    : "a regression data set has targets, not labels");
        }
        return labels;
    }

    /** The targets of a regression set, sample-major (n × targetSize). Not copied: do not modify. */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException(labels == null ? "the data set has no targets"
                    : "a classification data set has labels, not targets");
        }
        return targets;
    }

    /** Targets per sample (regression), or 0 for classification. */
    public int targetSize() {
        return targetSize;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The features' names in column order (a CSV's header), or an empty list when they have none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The same samples with these feature names (one per feature, or none). */
    public Dataset withFeatureNames(List<String> names) {
        return new Dataset(features, size, numFeatures, labels, targets, targetSize, classNames, names)
                .shaped(shape);
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
        return new Dataset(features, size, numFeatures, y, null, 0, names, featureNames).shaped(shape);
    }

    /** A new set of the given samples, in the given order. */
    public Dataset select(int[] indices) {
        float[] x = new float[indices.length * numFeatures];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * numFeatures, x, i * numFeatures, numFeatures);
        }
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                y[i] = labels[indices[i]];
            }
            return new Dataset(x, indices.length, numFeatures, y, null, 0, classNames, featureNames).shaped(shape);
        }
        if (targets == null) {
            return new Dataset(x, indices.length, numFeatures, null, null, 0, classNames, featureNames)
                    .shaped(shape);
        }
        float[] t = new float[indices.length * targetSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetSize, t, i * targetSize, targetSize);
        }
        return new Dataset(x, indices.length, numFeatures, null, t, targetSize, classNames, featureNames)
                .shaped(shape);
    }

    /** A new set with the same labels and other features (n × d′), e.g. after scaling; d′ = d keeps the shape. */
    public Dataset withFeatures(float[] newFeatures, int newNumFeatures) {
        boolean same = newNumFeatures == numFeatures;
        return new Dataset(newFeatures, size, newNumFeatures, labels, targets, targetSize, classNames,
                same ? featureNames : List.of()).shaped(same ? shape : null);
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
        return new Dataset(features, size, numFeatures, labels, targets, targetSize, classNames, featureNames)
                .shaped(sampleShape.isImage() ? sampleShape : null);
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
        return new Dataset(picked.features, n, numFeatures, picked.labels, null, 0, names, featureNames)
                .shaped(shape);
    }

    /** 0 .. n − 1 shuffled by Fisher–Yates from {@code seed}: the order {@link #split} draws from. */
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
     */
    public Split split(double validationFraction, long seed) {
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
        return new Split(select(train), select(val));
    }

    /** A training set and the validation set split from it. */
    public record Split(Dataset train, Dataset validation) {
    }

    @Override
    public String toString() {
        return "Dataset(" + size + " samples × " + numFeatures + " features, "
                + (labels != null ? numClasses() + " classes" : targets != null ? targetSize + " targets" : "no labels")
                + ")";
    }
}

package org.nn4j.training;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.data.Dataset;

/**
 * Class weights for imbalanced data: each sample's loss is multiplied by the weight of its class, so rare classes
 * count as much as frequent ones. {@link #balanced} gives the usual choice, n / (k · n_c) (King &amp; Zeng 2001;
 * scikit-learn's "balanced"), which makes every class weigh the same in total.
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    /**
     * n / (k · n_c) for each class c of {@code data}; 0 for a class with no samples.
     *
     * @param data a classification set
     * @return one weight per class
     */
    public static List<Double> balanced(Dataset data) {
        int k = data.numClasses();
        long[] counts = new long[k];
        for (int label : data.labels()) {
            counts[label]++;
        }
        List<Double> weights = new ArrayList<>(k);
        for (long count : counts) {
            weights.add(count == 0 ? 0.0 : (double) data.size() / ((double) k * count));
        }
        return weights;
    }

    /** The weight of each sample of {@code data}, by its class; fails if the weights do not match the classes. */
    public static float[] perSample(List<Double> classWeights, Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("class weights need class labels, the data has real targets");
        }
        if (classWeights.size() != data.numClasses()) {
            throw new IllegalArgumentException(classWeights.size() + " class weights for " + data.numClasses()
                    + " classes");
        }
        int[] labels = data.labels();
        float[] weights = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            weights[i] = classWeights.get(labels[i]).floatValue();
        }
        return weights;
    }
}

package org.nn4j.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.nn4j.data.Dataset;
import org.nn4j.metrics.BinaryCurves;
import org.nn4j.metrics.ClassificationReport;
import org.nn4j.metrics.ConfusionMatrix;
import org.nn4j.metrics.Scores;
import org.nn4j.models.Sequential;

/**
 * Where a classifier fails on a labelled data set: its confusion matrix and per-class scores, the class pairs it
 * confuses most, and the misclassified samples it was most sure of (the highest cross-entropy), which are the
 * first to look at: mislabelled data, or a pattern the model has not learnt.
 */
public final class ErrorAnalysis {
    private final Dataset data;
    private final float[] probabilities;
    private final int k;
    private final int[] predicted;
    private final double[] losses;
    private final ConfusionMatrix confusion;

    private ErrorAnalysis(Dataset data, float[] probabilities, int k) {
        this.data = data;
        this.probabilities = probabilities;
        this.k = k;
        this.predicted = Scores.argmax(probabilities, k);
        int[] labels = data.labels();
        this.losses = IntStream.range(0, data.size())
                .mapToDouble(i -> Scores.sampleLoss(probabilities, k, i, labels[i])).toArray();
        this.confusion = ConfusionMatrix.of(labels, predicted, data.numClasses());
    }

    /** Runs {@code model} on {@code data} (already scaled as the model expects) and analyses its predictions. */
    public static ErrorAnalysis of(Sequential model, Dataset data) {
        if (!model.loss().classifies()) {
            throw new IllegalArgumentException("error analysis needs a classifier; " + model.loss().name()
                    + " is a regression loss");
        }
        model.checkData(data);
        if (data.size() == 0) {
            throw new IllegalArgumentException("error analysis needs at least one sample");
        }
        return new ErrorAnalysis(data, model.predict(data.features(), data.size()), model.outputSize());
    }

    /**
     * A misclassified sample: its index in the data, true and predicted class, P(predicted) and its loss.
     *
     * @param index      the sample's index in the data
     * @param actual     its true class
     * @param predicted  the class predicted
     * @param confidence the probability the model gave the predicted class
     * @param loss       the sample's cross-entropy loss
     */
    public record Mistake(int index, int actual, int predicted, double confidence, double loss) {
    }

    public List<String> classNames() {
        return data.classNames();
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    public ClassificationReport report() {
        return confusion.report();
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    /** The mean cross-entropy of the probabilities, as scikit-learn's {@code log_loss}. */
    public double logLoss() {
        return Scores.logLoss(probabilities, k, data.labels());
    }

    /** Top-{@code top} accuracy (for two classes every sample is in the top 2). */
    public double topKAccuracy(int top) {
        return Scores.topKAccuracy(probabilities, k, data.labels(), top);
    }

    /** The {@code n} misclassified samples of highest loss, highest first. */
    public List<Mistake> worstMistakes(int n) {
        int[] labels = data.labels();
        List<Mistake> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] != labels[i]) {
                wrong.add(new Mistake(i, labels[i], predicted[i],
                        Scores.probability(probabilities, k, i, predicted[i]), losses[i]));
            }
        }
        wrong.sort(Comparator.comparingDouble(Mistake::loss).reversed());
        return List.copyOf(wrong.subList(0, Math.min(n, wrong.size())));
    }

    /** ROC and precision-recall curves of P(class 1), for two-class tasks; null for more classes. */
    public BinaryCurves binaryCurves() {
        if (data.numClasses() != 2) {
            return null;
        }
        double[] scores = IntStream.range(0, data.size())
                .mapToDouble(i -> Scores.probability(probabilities, k, i, 1)).toArray();
        return BinaryCurves.of(scores, data.labels());
    }
}

package org.nn4j.examples;

import java.io.IOException;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.metrics.BinaryCurves;
import org.nn4j.metrics.ClassificationReport;
import org.nn4j.metrics.ConfusionMatrix;
import org.nn4j.metrics.Scores;
import org.nn4j.models.Passes;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Parallel;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** Metrics on predictions, the equations of a pass, and the kernels' threads. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public static void main(String[] args) throws IOException {
        Dataset train = FashionMnist.load("train", System.out::println);
        Dataset test = FashionMnist.load("test", System.out::println);
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(64, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        new Trainer(TrainingConfig.builder().epochs(2).seed(1).build()).quiet().fit(model, train);
        // tag::metrics[]
        float[] probabilities = model.predict(test.features());        // flat, samples first: 10 per image
        int[] predicted = Scores.argmax(probabilities, 10);
        ClassificationReport r = ConfusionMatrix.of(test.labels(), predicted, 10).report();  // P, R, F1, averages
        double logLoss = Scores.logLoss(probabilities, 10, test.labels());
        double top2 = Scores.topKAccuracy(probabilities, 10, test.labels(), 2);
        double[] shirt = new double[test.size()];                       // one class against the rest
        int[] isShirt = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            shirt[i] = probabilities[i * 10 + 6];
            isShirt[i] = test.labels()[i] == 6 ? 1 : 0;
        }
        BinaryCurves c = BinaryCurves.of(shirt, isShirt);   // roc(), auc(), precisionRecall(), averagePrecision(), bestF1()
        System.out.println(r + "\nlog-loss " + logLoss + ", top-2 " + top2 + ", shirt AUC " + c.auc());
        Passes passes = model.passes(128);                  // the forward and backward equations with shapes
        // end::metrics[]
        // tag::speed[]
        Parallel.setThreads(1);              // nn4j's kernels and OpenBLAS's products on one thread from now on
        System.out.println(Backend.describe());   // e.g. OpenBLAS 0.3.31 (~/.javacpp/cache/…/libopenblas_nolapack.so.0)
        float[] p = model.predict(test.featureRows()[0]);   // one sample: about 25 µs for the T1 network here
        // end::speed[]
        System.out.println(passes.backward().size() + " backward steps; " + java.util.Arrays.toString(p));
    }
}

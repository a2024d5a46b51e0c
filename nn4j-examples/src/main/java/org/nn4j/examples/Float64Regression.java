package org.nn4j.examples;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** Two regression targets from {@code double[][]} arrays, in a float64 model. */
public final class Float64Regression {
    private Float64Regression() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        // tag::regression[]
        double[][] x = new double[2000][3];
        double[][] y = new double[2000][2];                  // two targets per sample
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            y[i] = new double[] {x[i][0] - 2 * x[i][1], x[i][1] * x[i][2]};
        }
        Sequential model = new Sequential(3, Loss.MEAN_SQUARED_ERROR, DType.F64,   // float32: DType.F32 or none
                new Dense(32, Activation.TANH), new Dense(2, Activation.LINEAR)).initialize(1);
        TrainingConfig config = TrainingConfig.builder().epochs(40).batchSize(32).seed(1)
                .optimizer(OptimizerConfig.named("adam", 3e-3)).build();
        History history = new Trainer(config).quiet().fit(model, Dataset.regression(x, y));
        System.out.println(history);                         // History(40 epochs; last epoch 40: loss …)
        double[][] predicted = model.predict(new double[][] {{0.5, -0.25, 1.0}});  // about {1.0, -0.25}
        System.out.println(model + " → " + Arrays.toString(predicted[0]));
        // end::regression[]
    }
}

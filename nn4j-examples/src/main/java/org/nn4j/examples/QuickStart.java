package org.nn4j.examples;

// tag::imports[]
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;
// end::imports[]

/** The README's first example: train on Fashion-MNIST from arrays, evaluate, predict, save and load. */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Runs the example; Fashion-MNIST is found as {@code nn train} finds it ({@code $NN4J_DATA} first).
     *
     * @param args none
     * @throws IOException if the data cannot be read or the model file written
     */
    public static void main(String[] args) throws IOException {
        // tag::quickstart[]
        Dataset fashion = FashionMnist.load("train", System.out::println);
        float[][] x = fashion.featureRows();                 // samples first: 784 pixels in [0, 1] per image
        int[] y = fashion.labels();                          // classes 0..9

        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(5).batchSize(128).seed(1)
                .optimizer(OptimizerConfig.named("adam", 1e-3)).build();
        new Trainer(config).fit(model, Dataset.classification(x, y));   // one line per epoch (.quiet(): none)

        Dataset test = FashionMnist.load("test", System.out::println);
        System.out.println(model.evaluate(test));            // Evaluation(categorical_crossentropy …, accuracy …)
        float[][] probabilities = model.predict(test.featureRows());    // 10 class probabilities per image

        SavedModel.of(model).save(Path.of("fashion.nn"));
        Sequential loaded = SavedModel.load(Path.of("fashion.nn")).model();
        System.out.println(Arrays.deepEquals(probabilities, loaded.predict(test.featureRows())));   // true
        // end::quickstart[]
    }
}

package org.nn4j.examples;

// tag::imports[]
import java.io.IOException;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.AdamW;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.schedules.CosineDecay;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.training.ClassWeights;
import org.nn4j.training.EarlyStopping;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;
// end::imports[]

/** The training craft: regularisation, batch norm, dropout, AdamW with a schedule, clipping, early stopping. */
public final class TrainingCraft {
    private TrainingCraft() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     * @throws IOException if Fashion-MNIST cannot be read
     */
    public static void main(String[] args) throws IOException {
        Dataset train = FashionMnist.load("train", System.out::println);
        // tag::craft[]
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(512, Activation.RELU, Initializer.HE_NORMAL, new Regularizer(0, 1e-4), 3.0),  // L2, max-norm
                new BatchNorm(), new Dropout(0.2),
                new Dense(10, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder()
                .epochs(30).batchSize(128).seed(1).validationSplit(0.1)
                .optimizer(new AdamW.Config(Adam.Config.defaults(2e-3), 0.01))
                .schedule(new CosineDecay(2, 0))                      // 2 warm-up epochs, then cosine to 0
                .clipping(new GradientClipping(1.0, 0))               // global norm 1
                .earlyStopping(EarlyStopping.Config.parse("val_loss:5"))
                .classWeights(ClassWeights.balanced(train))
                .build();
        History history = new Trainer(config).quiet()
                .addListener(new TrainingListener() {                 // callbacks: train, epoch and batch begin/end
                    @Override public void onEpochEnd(EpochLog log) {
                        System.out.println(log);
                    }
                })
                .fit(model, train);
        // end::craft[]
        System.out.println(history);
    }
}

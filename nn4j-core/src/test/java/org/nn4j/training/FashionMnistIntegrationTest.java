package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.Evaluation;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerConfig;

/** Real data: Fashion-MNIST, installed by .ci/run from Debian's dataset-fashion-mnist. */
class FashionMnistIntegrationTest {
    @Test
    void twoEpochsOfAnMlpReachEightyFivePercentOnTheTestSet() throws IOException {
        Dataset train = FashionMnist.load("train", System.err::println);
        Dataset test = FashionMnist.load("test", System.err::println);
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(128)
                .optimizer(OptimizerConfig.named("adam", 1e-3)).seed(1).build();
        History h = new Trainer(config).fit(model, train);
        Evaluation e = model.evaluate(test);
        // a 784-128-10 MLP reaches about 0.86 after two epochs; chance is 0.10
        assertTrue(e.accuracy() > 0.84, e::toString);
        assertTrue(h.metric("loss")[1] < h.metric("loss")[0], h.last()::toString);
    }

    @Test
    void oneEpochWithBatchNormDropoutAndAdamWLearns() throws IOException {
        Dataset train = FashionMnist.load("train", System.err::println);
        Dataset test = FashionMnist.load("test", System.err::println);
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(256, Activation.RELU), new BatchNorm(), new Dropout(0.2),
                new Dense(10, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(128)
                .optimizer(OptimizerConfig.named("adamw", 1e-3)).seed(1).build();
        new Trainer(config).fit(model, train);
        Evaluation e = model.evaluate(test);
        // about 0.85 after one epoch; inference must use the running statistics and no dropout to get there
        assertTrue(e.accuracy() > 0.82, e::toString);
    }

    @Test
    void twoClassesMakeABinaryTask() throws IOException {
        // T-shirt/top against Trouser: nearly separable
        Dataset train = FashionMnist.load("train", System.err::println).filterClasses(0, 1);
        Dataset test = FashionMnist.load("test", System.err::println).filterClasses(0, 1);
        Sequential model = new Sequential(784, Loss.BINARY_CROSSENTROPY,
                new Dense(32, Activation.RELU), new Dense(1, Activation.SIGMOID));
        new Trainer(TrainingConfig.builder().epochs(1).batchSize(64).seed(2).build()).fit(model, train);
        Evaluation e = model.evaluate(test);
        assertTrue(e.accuracy() > 0.97, e::toString);
    }
}

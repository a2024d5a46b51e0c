package org.nn4j.training;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.losses.Loss;
import org.nn4j.models.Batch;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/** A convolutional training step at steady state allocates nothing, as the dense one does (SteadyStateTest). */
class ConvolutionSteadyStateTest {
    @Test
    void aConvolutionalTrainingStepAllocatesNothing() {
        Shape image = Shape.image(2, 12, 12);
        SplittableRandom rng = new SplittableRandom(2);
        int n = 256;
        float[] x = new float[n * image.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        Dataset train = Dataset.classification(x, image.size(), rng.ints(n, 0, 10).toArray(), List.of());
        Sequential model = new Sequential(image, Loss.CATEGORICAL_CROSSENTROPY, new Conv2D(8, 3, 1, Padding.SAME),
                new BatchNorm(), new ActivationLayer(Activation.RELU), new MaxPool2D(2), new Dropout(0.2),
                new Conv2D(8, 3, 2, Padding.of(1)), new ActivationLayer(Activation.leakyRelu()), new AvgPool2D(2),
                new Conv2D(16, 1), new GlobalAveragePooling2D(), new Flatten(), new Dense(16), new BatchNorm(),
                new Dense(10, Activation.SOFTMAX)).initialize(5);
        Optimizer adam = new Adam(1e-3);
        Batch batch = new Batch(DType.F32);
        int[] order = Batch.identity(n);
        int m = 32;
        Runnable epoch = () -> {
            for (int from = 0; from < n; from += m) {
                Tensor xb = batch.features(train.features(), image.size(), order, from, m);
                Tensor yb = batch.targets(train, order, from, m, 10);
                model.computeGradients(xb, yb);
                adam.step(model.parameters(), model.gradients());
            }
        };
        SteadyStateTest.assertReachesZeroAllocation(epoch);
    }
}

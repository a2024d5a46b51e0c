package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.config.Json;
import org.nn4j.gradcheck.GradientCheck;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/** Shapes flow through the model, activations are layers of their own, and the head pairs loss and activation. */
class LayerModelTest {
    private static Tensor random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(DType.F64, rows, cols);
        Ops.fill(t, rng::nextGaussian);
        return t;
    }

    private static Tensor oneHot(int classes, int... labels) {
        Tensor y = Tensor.zeros(DType.F64, classes, labels.length);
        for (int c = 0; c < labels.length; c++) {
            y.set(labels[c], c, 1);
        }
        return y;
    }

    /** The same function as the shorthand, with the same initial weights and the same gradients. */
    private static void assertSameNetwork(List<Layer> shorthand, List<Layer> parts, Loss loss, int classes) {
        Sequential a = new Sequential(5, loss, DType.F64, shorthand).initialize(4);
        Sequential b = new Sequential(5, loss, DType.F64, parts).initialize(4);
        Tensor x = random(5, 7, 9);
        Tensor y = oneHot(classes, 0, 1, 2, 0, 1, 2, 1);
        double la = a.computeGradients(x, y, true);
        double lb = b.computeGradients(x, y, true);
        assertEquals(la, lb, 1e-12);
        assertArrayEquals(a.gradients().toDoubleArray(), b.gradients().toDoubleArray(), 1e-12);
        assertArrayEquals(a.lastInputGradient().toDoubleArray(), b.lastInputGradient().toDoubleArray(), 1e-12);
        assertTrue(GradientCheck.check(b, x, y).passed());
    }

    @Test
    void denseWithAnActivationIsALinearDenseFollowedByThatActivation() {
        assertSameNetwork(List.of(new Dense(4, Activation.TANH), new Dense(3, Activation.SOFTMAX)),
                List.of(new Dense(4, Activation.LINEAR, Activation.TANH.defaultInitializer()),
                        new ActivationLayer(Activation.TANH), new Dense(3), new ActivationLayer(Activation.SOFTMAX)),
                Loss.CATEGORICAL_CROSSENTROPY, 3);
        assertSameNetwork(List.of(new Dense(3, Activation.SIGMOID)),
                List.of(new Dense(3), new ActivationLayer(Activation.SIGMOID)), Loss.MEAN_SQUARED_ERROR, 3);
    }

    @Test
    void theHeadPairsTheLossWithTheLastActivationWhereverItLives() {
        Sequential fused = new Sequential(5, Loss.CATEGORICAL_CROSSENTROPY, new Dense(3),
                new ActivationLayer(Activation.SOFTMAX));
        assertTrue(fused.head().fused());
        assertEquals("softmax + categorical_crossentropy (fused)", fused.head().describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(5, Loss.MEAN_SQUARED_ERROR, new Dense(3),
                        new ActivationLayer(Activation.SOFTMAX)));
        assertTrue(e.getMessage().contains("categorical_crossentropy"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(5, Loss.CATEGORICAL_CROSSENTROPY, new Dense(3)));
        assertTrue(e.getMessage().contains("needs a softmax output layer, not linear"), e.getMessage());
    }

    @Test
    void shapesFlowThroughTheModelAndIntoTheSummary() {
        Sequential model = new Sequential(Shape.image(2, 3, 4), Loss.MEAN_SQUARED_ERROR, new Flatten(), new Dense(5));
        assertEquals(24, model.inputSize());
        assertEquals(Shape.image(2, 3, 4), model.inputShape());
        assertEquals(Shape.features(24), model.layers().get(0).outputShape());
        String summary = model.summary();
        assertTrue(summary.contains("(2, 3, 4)") && summary.contains("(24)") && summary.contains("(5)"), summary);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(Shape.image(2, 3, 4), Loss.MEAN_SQUARED_ERROR, new Dense(5)));
        assertEquals("layer 1 (Dense(linear)): Dense(5) takes a vector of features, not an image (2, 3, 4): put a "
                + "Flatten (or a global pooling) before it", e.getMessage());
    }

    @Test
    void anImageModelsConfigurationRoundTripsThroughJson() {
        Sequential model = new Sequential(Shape.image(1, 6, 6), Loss.CATEGORICAL_CROSSENTROPY,
                new Conv2D(2, 3, 2, 2, 1, Padding.SAME, false, Initializer.GLOROT_UNIFORM, new Regularizer(0, 0.1), 2),
                new BatchNorm(), new MaxPool2D(2, 1, Padding.of(1)), new AvgPool2D(2), new Dropout(0.1),
                new ActivationLayer(Activation.leakyRelu(0.2)), new GlobalAveragePooling2D(),
                new Dense(2, Activation.SOFTMAX));
        String json = Json.toJson(model.config());
        ModelConfig back = Json.fromJson(json, ModelConfig.class);
        assertEquals(model.config(), back);
        Sequential rebuilt = Sequential.fromConfig(back, DType.F32);
        assertEquals(Shape.image(1, 6, 6), rebuilt.inputShape());
        assertEquals(model.summary(), rebuilt.summary());
        // a vector model's JSON is what it was before shapes: no inputShape field
        String dense = Json.toJson(new Sequential(3, Loss.MEAN_SQUARED_ERROR, new Dense(1)).config());
        assertTrue(!dense.contains("inputShape"), dense);
    }

    @Test
    void shapesParseAsTheCommandLineWritesThem() {
        assertEquals(Shape.image(1, 28, 28), Shape.parse("1,28,28"));
        assertEquals(Shape.image(3, 32, 32), Shape.parse("3x32x32"));
        assertEquals(Shape.features(784), Shape.parse("784"));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("1,28"));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("0,28,28"));
    }
}

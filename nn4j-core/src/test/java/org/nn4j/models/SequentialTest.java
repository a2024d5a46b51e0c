package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

class SequentialTest {
    @Test
    void forwardIsWxPlusBThenActivation() {
        Sequential model = new Sequential(2, Loss.MEAN_SQUARED_ERROR, DType.F64,
                java.util.List.of(new Dense(2, Activation.RELU)));
        Parameter w = model.parameterList().get(0);
        Parameter b = model.parameterList().get(1);
        // W = [[1, 2], [−3, 4]], b = [0.5, −1]
        double[] values = {1, 2, -3, 4};
        for (int i = 0; i < 4; i++) {
            w.value().setFlat(i, values[i]);
        }
        b.value().setFlat(0, 0.5);
        b.value().setFlat(1, -1);
        // two samples as columns: (1, 1) and (2, −1)
        Tensor out = model.forward(Tensor.of(DType.F64, 2, 2, 1, 2, 1, -1), false);
        // sample 1: z = (3.5, 0) → relu (3.5, 0); sample 2: z = (0.5, −11) → (0.5, 0)
        assertEquals(3.5, out.get(0, 0));
        assertEquals(0.5, out.get(0, 1));
        assertEquals(0.0, out.get(1, 0));
        assertEquals(0.0, out.get(1, 1));
    }

    @Test
    void parametersAreViewsIntoOneFlatVector() {
        Sequential model = new Sequential(3, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(4, Activation.TANH), new Dense(2, Activation.SOFTMAX));
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.parameters().size());
        Parameter b2 = model.parameterList().get(3);
        model.parameters().setFlat(3 * 4 + 4 + 4 * 2 + 1, 7);
        assertEquals(7.0, b2.value().getFlat(1));
        assertSame(model.parameters().dtype(), b2.grad().dtype());
    }

    @Test
    void summaryListsLayersShapesAndTotals() {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(256, Activation.RELU), new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        String s = model.summary();
        assertTrue(s.contains("200,960"), s);
        assertTrue(s.contains("32,896"), s);
        assertTrue(s.contains("1,290"), s);
        assertTrue(s.contains("Total params: 235,146"), s);
        assertTrue(s.contains("(256)"), s);
        assertTrue(s.contains("softmax + categorical_crossentropy (fused)"), s);
    }

    @Test
    void impossibleModelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> new Sequential(4, Loss.MEAN_SQUARED_ERROR,
                new Dense(3, Activation.SOFTMAX)));
        assertThrows(IllegalArgumentException.class, () -> new Sequential(0, Loss.MEAN_SQUARED_ERROR,
                new Dense(3, Activation.LINEAR)));
        Sequential m = new Sequential(4, Loss.MEAN_SQUARED_ERROR, new Dense(3, Activation.LINEAR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Tensor.zeros(DType.F32, 5, 2), false));
        assertTrue(e.getMessage().contains("expects 4"), e.getMessage());
    }
}

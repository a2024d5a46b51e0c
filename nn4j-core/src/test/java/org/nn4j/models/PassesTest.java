package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Equation;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

class PassesTest {
    private static String lines(List<Equation> equations) {
        return equations.stream().map(e -> e.formula() + "  " + e.shapes()).collect(Collectors.joining("\n"));
    }

    @Test
    void theFashionMnistNetworkWritesOutEveryEquationWithItsShapes() {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY, new Dense(256, Activation.RELU),
                new Dense(128, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        Passes p = model.passes(128);
        assertEquals("Z[1] = W[1]·A[0] + b[1]  (256×784)·(784×128) + (256×1) → (256×128)\n"
                + "A[1] = relu(Z[1])  (256×128) → (256×128)", lines(p.forward().get(0).equations()));
        assertEquals("Z[3] = W[3]·A[2] + b[3]  (10×128)·(128×128) + (10×1) → (10×128)\n"
                + "A[3] = softmax(Z[3])  (10×128) → (10×128)", lines(p.forward().get(2).equations()));
        assertEquals("dZ[3] = A[3] − Y", p.loss().get(1).formula());
        assertEquals(List.of(3, 2, 1), p.backward().stream().map(Passes.Step::layer).toList());
        // the output layer starts from the fused dZ; hidden layers go through g′ first
        assertEquals("dW[3] = dZ[3]·A[2]ᵀ / m  (10×128)·(128×128) → (10×128)\n"
                + "db[3] = Σ dZ[3] / m  Σ over the m columns of (10×128) → (10×1)\n"
                + "dA[2] = W[3]ᵀ·dZ[3]  (128×10)·(10×128) → (128×128)", lines(p.backward().get(0).equations()));
        List<Equation> first = p.backward().get(2).equations();
        assertEquals("dZ[1] = dA[1] ∘ g′(Z[1])  (256×128) ∘ (256×128) → (256×128)\n"
                + "dW[1] = dZ[1]·A[0]ᵀ / m  (256×128)·(128×784) → (256×784)\n"
                + "db[1] = Σ dZ[1] / m  Σ over the m columns of (256×128) → (256×1)\n"
                + "dA[0] = W[1]ᵀ·dZ[1]  (784×256)·(256×128) → (784×128)", lines(first));
        assertEquals("g′: relu′(z) = 1[z > 0]", first.get(0).note());
        assertEquals("skipped: nothing below layer 1 needs it", first.get(3).note());
        assertNull(first.get(1).value(), "no pass has run, so there are no values");
    }

    @Test
    void afterAPassTheEquationsCarryThatBatchsValues() {
        Sequential model = new Sequential(3, Loss.MEAN_SQUARED_ERROR, DType.F64,
                List.of(new Dense(4, Activation.TANH), new Dense(2, Activation.LINEAR))).initialize(7);
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.zeros(DType.F64, 3, 5);
        Tensor y = Tensor.zeros(DType.F64, 2, 5);
        for (int i = 0; i < 15; i++) {
            x.set(i / 5, i % 5, rng.nextDouble(-1, 1));
        }
        for (int i = 0; i < 10; i++) {
            y.set(i / 5, i % 5, rng.nextDouble(-1, 1));
        }
        model.computeGradients(x, y);
        Passes p = model.passes(5);
        assertEquals("dA[2] = 2·(A[2] − Y) / k", p.loss().get(1).formula());
        Tensor a2 = p.forward().get(1).equations().get(1).value();
        Tensor dA2 = p.loss().get(1).value();
        for (int j = 0; j < 5; j++) {
            for (int u = 0; u < 2; u++) {
                // MSE over k = 2 outputs: dA = 2(A − Y)/2
                assertEquals(a2.get(u, j) - y.get(u, j), dA2.get(u, j), 1e-12);
            }
        }
        // without a fused loss the output layer goes through g′ = 1, and its dW is the model's gradient
        List<Equation> out = p.backward().get(0).equations();
        assertEquals("dZ[2] = dA[2] ∘ g′(Z[2])", out.get(0).formula());
        assertEquals(model.parameterList().get(2).grad(), out.get(1).value());
    }
}

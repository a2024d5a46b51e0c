package org.nn4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** First updates on p = [1, −2], with gradients g1, g2, g3, against values worked by hand from each paper's rule. */
class OptimizerStepsTest {
    private static final double[][] GRADS = {{0.5, -1.0}, {0.25, 0.5}, {-1.0, 2.0}};

    private static double[][] run(Optimizer opt) {
        Tensor p = Tensor.of(DType.F64, 2, 1, 1, -2);
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            opt.step(p, Tensor.of(DType.F64, 2, 1, GRADS[t]));
            out[t] = p.toDoubleArray();
        }
        return out;
    }

    @Test
    void plainSgd() {
        double[][] p = run(new Sgd(0.1));
        assertArrayEquals(new double[]{0.95, -1.9}, p[0], 1e-15);
        assertArrayEquals(new double[]{0.925, -1.95}, p[1], 1e-15);
        assertArrayEquals(new double[]{1.025, -2.15}, p[2], 1e-15);
    }

    @Test
    void sgdWithMomentum() {
        // v1 = g1 = [.5, −1]; v2 = .9 v1 + g2 = [.7, −.4]; v3 = .9 v2 + g3 = [−.37, 1.64]
        double[][] p = run(new Sgd(0.1, 0.9));
        assertArrayEquals(new double[]{0.95, -1.9}, p[0], 1e-15);
        assertArrayEquals(new double[]{0.88, -1.86}, p[1], 1e-15);
        assertArrayEquals(new double[]{0.917, -2.024}, p[2], 1e-15);
    }

    @Test
    void adam() {
        // Step 1: m̂ = g, v̂ = g², so each weight moves by lr·sign(g) (less ε): 1 − .1, −2 + .1.
        // Step 2, first weight: m = .9·.05 + .1·.25 = .07, v = .999·.00025 + .001·.0625 = .00031225;
        // m̂ = .07/.19, v̂ = .00031225/.001999; Δ = .1·m̂/(√v̂ + 1e-8).
        double p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        double p1b = -2 + 0.1 * 1 / (1 + 1e-8);
        double m2 = 0.07 / 0.19;
        double v2 = 0.00031225 / (1 - 0.999 * 0.999);
        double p2 = p1 - 0.1 * m2 / (Math.sqrt(v2) + 1e-8);
        // second weight: m = .9·(−.1) + .1·.5 = −.04, v = .999·.001 + .001·.25 = .001249
        double m2b = -0.04 / 0.19;
        double v2b = 0.001249 / (1 - 0.999 * 0.999);
        double p2b = p1b - 0.1 * m2b / (Math.sqrt(v2b) + 1e-8);
        // step 3, first weight: m = .9·.07 + .1·(−1) = −.037; v = .999·.00031225 + .001·1
        double m3 = -0.037 / (1 - 0.729);
        double v3 = (0.999 * 0.00031225 + 0.001) / (1 - Math.pow(0.999, 3));
        double p3 = p2 - 0.1 * m3 / (Math.sqrt(v3) + 1e-8);
        double[][] p = run(new Adam(0.1));
        assertArrayEquals(new double[]{p1, p1b}, p[0], 1e-15);
        assertArrayEquals(new double[]{p2, p2b}, p[1], 1e-14);
        assertEquals(p3, p[2][0], 1e-14);
    }

    @Test
    void badHyperParametersAreRefusedWithTheirValue() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(new Adam.Config(1e-3, 1.0, 0.999, 1e-8)));
        assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
    }
}

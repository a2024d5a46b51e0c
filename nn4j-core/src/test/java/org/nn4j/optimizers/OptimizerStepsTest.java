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
    void nesterovMomentum() {
        // v1 = g1 = [.5, −1], p1 = p0 − .1·(g1 + .9·v1) = p0 − .1·[.95, −1.9]
        // v2 = [.7, −.4],     p2 = p1 − .1·(g2 + .9·v2) = p1 − .1·[.88, .14]
        // v3 = [−.37, 1.64],  p3 = p2 − .1·(g3 + .9·v3) = p2 − .1·[−1.333, 3.476]
        double[][] p = run(new Sgd(new Sgd.Config(0.1, 0.9, true)));
        assertArrayEquals(new double[]{0.905, -1.81}, p[0], 1e-15);
        assertArrayEquals(new double[]{0.817, -1.824}, p[1], 1e-15);
        assertArrayEquals(new double[]{0.9503, -2.1716}, p[2], 1e-15);
    }

    @Test
    void rmsprop() {
        // v = .9·v + .1·g², p −= .1·g / (√v + 1e-8)
        double[] v1 = {0.1 * 0.25, 0.1 * 1};
        double[] v2 = {0.9 * v1[0] + 0.1 * 0.0625, 0.9 * v1[1] + 0.1 * 0.25};
        double[] v3 = {0.9 * v2[0] + 0.1 * 1, 0.9 * v2[1] + 0.1 * 4};
        double a1 = 1 - 0.1 * 0.5 / (Math.sqrt(v1[0]) + 1e-8);
        double b1 = -2 + 0.1 * 1 / (Math.sqrt(v1[1]) + 1e-8);
        double a2 = a1 - 0.1 * 0.25 / (Math.sqrt(v2[0]) + 1e-8);
        double b2 = b1 - 0.1 * 0.5 / (Math.sqrt(v2[1]) + 1e-8);
        double a3 = a2 + 0.1 * 1 / (Math.sqrt(v3[0]) + 1e-8);
        double b3 = b2 - 0.1 * 2 / (Math.sqrt(v3[1]) + 1e-8);
        double[][] p = run(new RmsProp(new RmsProp.Config(0.1, 0.9, 1e-8)));
        // first step: 1 − .1·.5/√.025 = 1 − .1·√10 ≈ 0.68377, less a shift of 2e-8 from ε
        assertEquals(1 - 0.1 * Math.sqrt(10), p[0][0], 1e-7);
        assertArrayEquals(new double[]{a1, b1}, p[0], 1e-15);
        assertArrayEquals(new double[]{a2, b2}, p[1], 1e-15);
        assertArrayEquals(new double[]{a3, b3}, p[2], 1e-15);
    }

    @Test
    void adagrad() {
        // G = G + g², p −= .1·g / (√G + 1e-10): G1 = [.25, 1], G2 = [.3125, 1.25], G3 = [1.3125, 5.25]
        double[][] p = run(new AdaGrad(new AdaGrad.Config(0.1, 1e-10)));
        assertArrayEquals(new double[]{0.9, -1.9}, p[0], 1e-9);
        double a2 = 0.9 - 0.1 * 0.25 / Math.sqrt(0.3125);
        double b2 = -1.9 - 0.1 * 0.5 / Math.sqrt(1.25);
        assertArrayEquals(new double[]{a2, b2}, p[1], 1e-9);
        assertArrayEquals(new double[]{a2 + 0.1 / Math.sqrt(1.3125), b2 - 0.2 / Math.sqrt(5.25)}, p[2], 1e-9);
    }

    @Test
    void adamwDecaysTheWeightsBeforeTheAdamStep() {
        // each step: p ← p·(1 − lr·λ) = .999·p, then Adam's update from the same moments as in adam()
        double m2 = 0.07 / 0.19;
        double v2 = 0.00031225 / (1 - 0.999 * 0.999);
        double m2b = -0.04 / 0.19;
        double v2b = 0.001249 / (1 - 0.999 * 0.999);
        double m3 = -0.037 / (1 - 0.729);
        double v3 = (0.999 * 0.00031225 + 0.001) / (1 - Math.pow(0.999, 3));
        double p1 = 0.999 - 0.1 * 0.5 / (0.5 + 1e-8);
        double p1b = -1.998 + 0.1 * 1 / (1 + 1e-8);
        double p2 = 0.999 * p1 - 0.1 * m2 / (Math.sqrt(v2) + 1e-8);
        double p2b = 0.999 * p1b - 0.1 * m2b / (Math.sqrt(v2b) + 1e-8);
        double p3 = 0.999 * p2 - 0.1 * m3 / (Math.sqrt(v3) + 1e-8);
        double[][] p = run(new AdamW(new AdamW.Config(Adam.Config.defaults(0.1), 0.01)));
        assertArrayEquals(new double[]{p1, p1b}, p[0], 1e-15);
        assertArrayEquals(new double[]{p2, p2b}, p[1], 1e-14);
        assertEquals(p3, p[2][0], 1e-14);
    }

    @Test
    void clippingByGlobalNormKeepsTheDirectionAndByValueClipsEachComponent() {
        Tensor g = Tensor.of(DType.F64, 2, 1, 3, 4);
        new GradientClipping(1, 0).apply(g);
        assertArrayEquals(new double[]{0.6, 0.8}, g.toDoubleArray(), 1e-15);
        Tensor small = Tensor.of(DType.F64, 2, 1, 0.3, 0.4);
        new GradientClipping(1, 0).apply(small);
        assertArrayEquals(new double[]{0.3, 0.4}, small.toDoubleArray(), 0);
        Tensor v = Tensor.of(DType.F64, 3, 1, 3, -0.2, -7);
        new GradientClipping(0, 0.5).apply(v);
        assertArrayEquals(new double[]{0.5, -0.2, -0.5}, v.toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> new GradientClipping(-1, 0));
    }

    @Test
    void namedOptimizersCarryTheirPublishedDefaults() {
        assertEquals(new RmsProp.Config(1e-3, 0.9, 1e-8), OptimizerConfig.named("rmsprop", Double.NaN));
        assertEquals(new AdaGrad.Config(0.01, 1e-10), OptimizerConfig.named("adagrad", Double.NaN));
        assertEquals(new AdamW.Config(new Adam.Config(1e-3, 0.9, 0.999, 1e-8), 0.01),
                OptimizerConfig.named("adamw", Double.NaN));
        assertEquals(new Sgd.Config(0.01, 0.9, true), OptimizerConfig.named("nesterov", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.named("adadelta", 0.1));
    }

    @Test
    void badHyperParametersAreRefusedWithTheirValue() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(new Adam.Config(1e-3, 1.0, 0.999, 1e-8)));
        assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp.Config(0.1, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new AdaGrad.Config(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW.Config(Adam.Config.defaults(0.1), -0.1));
    }
}

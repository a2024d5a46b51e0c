package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Batch normalisation against PyTorch 1.13's BatchNorm1d (float64, default momentum and ε), computed once with
 * x, γ, β and R below, L = Σ(y ∘ R) / m, so that the per-sample upstream gradient nn4j's backward takes is R.
 */
class BatchNormTest {
    private static final double[] X = {1.0, 2.0, -1.0, 0.5, 0.0, -3.0, 4.0, 2.0, 10.0, 10.5, 9.0, 11.0};
    private static final double[] R = {0.3, -1.0, 0.5, 2.0, 1.0, 0.0, -0.5, 0.25, -2.0, 1.5, 0.0, 1.0};
    private BatchNorm bn;

    @BeforeEach
    void build() {
        bn = new BatchNorm();
        bn.build(org.nn4j.tensor.Shape.features(3), DType.F64);
        for (Parameter p : bn.parameters()) {
            p.attach(Tensor.zeros(DType.F64, 3, 1), Tensor.zeros(DType.F64, 3, 1));
        }
        for (Parameter s : bn.state()) {
            s.attach(Tensor.zeros(DType.F64, 3, 1), null);
            s.initializer().initialize(s.value(), 3, 3, null);
        }
        set(bn.parameters().get(0), 1.5, -0.5, 2.0);
        set(bn.parameters().get(1), 0.1, 0.2, -0.3);
    }

    private static void set(Parameter p, double... values) {
        for (int i = 0; i < values.length; i++) {
            p.value().setFlat(i, values[i]);
        }
    }

    @Test
    void trainingModeMatchesPyTorchForwardBackwardAndRunningStatistics() {
        Tensor y = bn.forward(Tensor.wrap(X.clone(), 3, 4), true);
        assertArrayEquals(new double[]{
                0.6196130252598183, 2.0052477592860005, -2.151656442792546, -0.07320434175327278,
                0.34501036493792564, 0.9250518246896282, -0.4283782480643444, -0.04168394156320937,
                -0.6380586110839489, 0.7141758332518466, -3.34252749975554, 2.0664102775876425},
                y.toDoubleArray(), 1e-12);
        Tensor dX = bn.backward(Tensor.wrap(R.clone(), 3, 4), true);
        assertArrayEquals(new double[]{-0.5369334594351457, -0.19938925178964773, 0.5704739062041638},
                bn.parameters().get(0).grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[]{0.45, 0.1875, 0.125}, bn.parameters().get(1).grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[]{
                0.04988065116425974, -1.0641755396879449, -1.0475303287941686, 2.0618252173178537,
                -0.14591387302704265, 0.0921560361796986, 0.08447651557391025, -0.030718678726566202,
                -5.48621308562848, 2.9362948135274816, 2.0089911141039214, 0.5409271579970766},
                dX.toDoubleArray(), 1e-12);
        // running statistics: 0.9·(0, 1) + 0.1·(batch mean, unbiased batch variance)
        assertArrayEquals(new double[]{0.0625, 0.075, 1.0125}, bn.state().get(0).value().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{1.05625, 1.7916666666666665, 0.9729166666666667},
                bn.state().get(1).value().toDoubleArray(), 1e-15);
    }

    @Test
    void inferenceUsesTheRunningStatisticsSoASampleDoesNotDependOnItsBatch() {
        bn.forward(Tensor.wrap(X.clone(), 3, 4), true);
        Tensor y = bn.forward(Tensor.wrap(X.clone(), 3, 4), false);
        assertArrayEquals(new double[]{
                1.4682867412604175, 2.927792598604863, -1.4507249734284728, 0.7385338125881947,
                0.22801569810317662, 1.3486436222302411, -1.266154867399576, -0.5190695846481996,
                17.923376401042514, 18.937194281489944, 15.895740640147658, 19.95101216193737},
                y.toDoubleArray(), 1e-12);
        Tensor one = bn.forward(Tensor.of(DType.F64, 3, 1, 2.0, -3.0, 10.5), false);
        assertArrayEquals(new double[]{2.927792598604863, 1.3486436222302411, 18.937194281489944},
                one.toDoubleArray(), 1e-12);
    }

    @Test
    void aTrainingBatchOfOneSampleIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.zeros(DType.F64, 3, 1), true));
        assertTrue(e.getMessage().contains("at least 2 samples"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm(0, 1e-5));
    }
}

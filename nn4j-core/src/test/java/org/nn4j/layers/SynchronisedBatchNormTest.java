package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Synchronised batch normalisation against PyTorch 1.13's BatchNorm1d on the whole batch (the values of
 * {@link BatchNormTest}): the batch of 4 is split over two replicas, of 1 and 3 samples, that run in two threads
 * and all-reduce through a barrier; each replica's outputs and input gradients are PyTorch's columns, their
 * parameter gradients weighted by their samples add up to PyTorch's, and each replica's running statistics are
 * PyTorch's, as are those of a third copy updated from the summed local sums, as a data-parallel trainer's driver
 * does.
 */
class SynchronisedBatchNormTest {
    private static final double[][] X = {{1.0, 2.0, -1.0, 0.5}, {0.0, -3.0, 4.0, 2.0}, {10.0, 10.5, 9.0, 11.0}};
    private static final double[][] R = {{0.3, -1.0, 0.5, 2.0}, {1.0, 0.0, -0.5, 0.25}, {-2.0, 1.5, 0.0, 1.0}};
    private static final double[][] Y = {
            {0.6196130252598183, 2.0052477592860005, -2.151656442792546, -0.07320434175327278},
            {0.34501036493792564, 0.9250518246896282, -0.4283782480643444, -0.04168394156320937},
            {-0.6380586110839489, 0.7141758332518466, -3.34252749975554, 2.0664102775876425}};
    private static final double[][] DX = {
            {0.04988065116425974, -1.0641755396879449, -1.0475303287941686, 2.0618252173178537},
            {-0.14591387302704265, 0.0921560361796986, 0.08447651557391025, -0.030718678726566202},
            {-5.48621308562848, 2.9362948135274816, 2.0089911141039214, 0.5409271579970766}};
    private static final double[] D_GAMMA = {-0.5369334594351457, -0.19938925178964773, 0.5704739062041638};
    private static final double[] D_BETA = {0.45, 0.1875, 0.125};
    private static final double[] RUNNING_MEAN = {0.0625, 0.075, 1.0125};
    private static final double[] RUNNING_VAR = {1.05625, 1.7916666666666665, 0.9729166666666667};

    /** Two replicas' all-reduce: each deposits its vector, waits for the other, and adds both in replica order. */
    private static final class TwoReplicas {
        private final double[][] slots = new double[2][];
        private final CyclicBarrier deposited = new CyclicBarrier(2);
        private final CyclicBarrier read = new CyclicBarrier(2);

        BatchNorm.AllReduce replica(int r) {
            return local -> {
                try {
                    slots[r] = local.clone();
                    deposited.await();
                    double[] total = new double[local.length];
                    for (double[] s : slots) {
                        for (int i = 0; i < total.length; i++) {
                            total[i] += s[i];
                        }
                    }
                    read.await();
                    return total;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    /** A batch normalisation layer of 3 features with PyTorch's γ and β, built inside a model that holds its storage. */
    private static BatchNorm layer() {
        BatchNorm bn = new BatchNorm();
        new Sequential(3, Loss.MEAN_SQUARED_ERROR, DType.F64, List.of(bn, new Dense(1, Activation.LINEAR)))
                .initialize(1);
        double[][] gammaBeta = {{1.5, -0.5, 2.0}, {0.1, 0.2, -0.3}};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                bn.parameters().get(k).value().setFlat(i, gammaBeta[k][i]);
            }
        }
        return bn;
    }

    /** Columns {@code from .. to − 1} of a 3-row matrix, as a tensor. */
    private static Tensor columns(double[][] m, int from, int to) {
        Tensor t = Tensor.zeros(DType.F64, 3, to - from);
        for (int r = 0; r < 3; r++) {
            for (int c = from; c < to; c++) {
                t.set(r, c - from, m[r][c]);
            }
        }
        return t;
    }

    private static void assertColumns(double[][] expected, int from, Tensor actual) {
        assertArrayEquals(columns(expected, from, from + actual.cols()).toDoubleArray(), actual.toDoubleArray(),
                1e-12);
    }

    @Test
    void twoReplicasOfOneAndThreeSamplesComputeWhatOneLayerComputesOnTheWholeBatch() throws Exception {
        TwoReplicas exchange = new TwoReplicas();
        BatchNorm[] replicas = {layer(), layer()};
        int[] bounds = {0, 1, 4};
        double[][] localSums = new double[2][];
        CompletableFuture<?>[] runs = new CompletableFuture<?>[2];
        for (int r = 0; r < 2; r++) {
            int k = r;
            runs[r] = CompletableFuture.runAsync(() -> {
                BatchNorm bn = replicas[k];
                bn.synchronise(exchange.replica(k));
                assertColumns(Y, bounds[k], bn.forward(columns(X, bounds[k], bounds[k + 1]), true));
                localSums[k] = bn.localSums().clone();
                assertColumns(DX, bounds[k], bn.backward(columns(R, bounds[k], bounds[k + 1]), true));
            });
        }
        CompletableFuture.allOf(runs).get();
        double[] dGamma = new double[3];
        double[] dBeta = new double[3];
        for (int r = 0; r < 2; r++) {
            int m = bounds[r + 1] - bounds[r];
            for (int i = 0; i < 3; i++) {
                dGamma[i] += m * replicas[r].parameters().get(0).grad().getFlat(i) / 4;
                dBeta[i] += m * replicas[r].parameters().get(1).grad().getFlat(i) / 4;
            }
            assertArrayEquals(RUNNING_MEAN, replicas[r].state().get(0).value().toDoubleArray(), 1e-15);
            assertArrayEquals(RUNNING_VAR, replicas[r].state().get(1).value().toDoubleArray(), 1e-15);
        }
        assertArrayEquals(D_GAMMA, dGamma, 1e-12);
        assertArrayEquals(D_BETA, dBeta, 1e-12);

        BatchNorm driver = layer();
        double[] sums = new double[7];
        for (double[] s : localSums) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += s[i];
            }
        }
        driver.updateRunningStatistics(sums);
        assertArrayEquals(RUNNING_MEAN, driver.state().get(0).value().toDoubleArray(), 1e-15);
        assertArrayEquals(RUNNING_VAR, driver.state().get(1).value().toDoubleArray(), 1e-15);
    }
}

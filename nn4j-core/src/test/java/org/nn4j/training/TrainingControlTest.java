package org.nn4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Sgd;
import org.nn4j.optimizers.schedules.StepDecay;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** Callbacks, schedules in the loop, class weights, and what happens when training diverges. */
class TrainingControlTest {
    @Test
    void callbacksComeInOrderAndAListenerCanStopTraining() {
        List<String> calls = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainBegin(Sequential model) {
                calls.add("train");
            }

            @Override
            public void onEpochBegin(int epoch, int epochs, int batches) {
                calls.add("epoch" + epoch);
            }

            @Override
            public void onBatchBegin(int epoch, int batch, int batches) {
                calls.add("b" + batch);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, double accuracy, long samples) {
                calls.add("e" + batch);
            }

            @Override
            public void onEpochEnd(EpochLog log) {
                calls.add("end" + log.epoch());
            }

            @Override
            public boolean stopTraining() {
                return calls.contains("end2");
            }

            @Override
            public void onTrainEnd(History history) {
                calls.add("done" + history.epochs().size());
            }
        };
        Sequential model = new Sequential(2, Loss.BINARY_CROSSENTROPY, new Dense(1, Activation.SIGMOID));
        new Trainer(TrainingConfig.builder().epochs(5).batchSize(5).build()).addListener(listener)
                .fit(model, TrainerTest.blobs(10, 1));
        assertEquals(List.of("train", "epoch1", "b1", "e1", "b2", "e2", "end1", "epoch2", "b1", "e1", "b2", "e2",
                "end2", "done2"), calls);
    }

    @Test
    void theScheduleSetsTheRateOfEveryBatchAndTheHistoryRecordsIt() {
        Sequential model = new Sequential(2, Loss.BINARY_CROSSENTROPY, new Dense(1, Activation.SIGMOID));
        History h = new Trainer(TrainingConfig.builder().epochs(5).batchSize(8).optimizer(new Sgd.Config(0.4, 0))
                .schedule(new StepDecay(2, 0.5)).build()).fit(model, TrainerTest.blobs(64, 2));
        assertArrayEquals(new double[]{0.4, 0.4, 0.2, 0.2, 0.1}, h.metric("lr"), 1e-15);
    }

    @Test
    void classWeightsScaleEachSamplesLossAndGradient() {
        // L = (w0·l0 + w1·l1) / 2, so its gradient is (w0·∇l0 + w1·∇l1) / 2, with ∇l_i the gradient of sample i alone
        Sequential model = new Sequential(2, Loss.CATEGORICAL_CROSSENTROPY, DType.F64,
                List.of(new Dense(3, Activation.TANH), new Dense(2, Activation.SOFTMAX))).initialize(7);
        Tensor x = Tensor.of(DType.F64, 2, 2, 0.5, -1, 2, 0.3);
        Tensor y = Tensor.of(DType.F64, 2, 2, 1, 0, 0, 1);
        double l0 = model.computeGradients(Tensor.of(DType.F64, 2, 1, 0.5, 2), Tensor.of(DType.F64, 2, 1, 1, 0));
        double[] g0 = model.gradients().toDoubleArray();
        double l1 = model.computeGradients(Tensor.of(DType.F64, 2, 1, -1, 0.3), Tensor.of(DType.F64, 2, 1, 0, 1));
        double[] g1 = model.gradients().toDoubleArray();
        double loss = model.computeGradients(x, y, Tensor.of(DType.F64, 1, 2, 3, 0.5), false);
        assertEquals((3 * l0 + 0.5 * l1) / 2, loss, 1e-14);
        double[] g = model.gradients().toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals((3 * g0[i] + 0.5 * g1[i]) / 2, g[i], 1e-14);
        }
        assertEquals(List.of(0.75, 1.5), ClassWeights.balanced(Dataset.classification(new float[6], 2,
                new int[]{0, 0, 1}, List.of())));
    }

    @Test
    void theSameSeedGivesTheSameDropoutMasksAndWeights() {
        double[][] runs = new double[2][];
        for (int r = 0; r < 2; r++) {
            Sequential model = new Sequential(2, Loss.CATEGORICAL_CROSSENTROPY,
                    new Dense(16, Activation.RELU), new Dropout(0.5), new Dense(2, Activation.SOFTMAX));
            new Trainer(TrainingConfig.builder().epochs(2).batchSize(8).seed(21).build()).fit(model, TrainerTest.blobs(64, 3));
            runs[r] = model.parameters().toDoubleArray();
        }
        assertArrayEquals(runs[0], runs[1], 0);
    }

    @Test
    void anExplodingRunStopsNamingEpochBatchAndLayerAndKeepsTheLastGoodWeights() {
        Sequential model = new Sequential(2, Loss.MEAN_SQUARED_ERROR,
                new Dense(32, Activation.RELU), new Dense(2, Activation.LINEAR));
        List<double[]> epochEnds = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            private Sequential m;

            @Override
            public void onTrainBegin(Sequential m) {
                this.m = m;
                epochEnds.add(m.parameters().toDoubleArray());
            }

            @Override
            public void onEpochEnd(EpochLog log) {
                epochEnds.add(m.parameters().toDoubleArray());
            }
        };
        TrainingConfig config = TrainingConfig.builder().epochs(50).batchSize(16)
                .optimizer(new Sgd.Config(10, 0)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(config).addListener(recorder).fit(model, TrainerTest.blobs(256, 3)));
        String msg = e.getMessage();
        assertTrue(msg.contains("training diverged at epoch " + e.epoch() + ", batch " + e.batch()), msg);
        assertTrue(msg.matches("(?s).*first non-finite values are in layer [12] Dense\\((relu|linear)\\): its .*"),
                msg);
        assertEquals(e.epoch() - 1, e.restoredEpoch());
        assertEquals(e.restoredEpoch(), e.history().epochs().size());
        assertArrayEquals(epochEnds.get(e.restoredEpoch()), model.parameters().toDoubleArray(), 0,
                "the model holds the weights of the last good epoch");
    }
}

package org.nn4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * An optimiser's state, exported after some steps and loaded into a fresh optimiser with its step count, continues
 * the run exactly: what checkpoints and parameter averaging rely on.
 */
class OptimizerStateTest {
    private static final Tensor G1 = Tensor.of(DType.F64, 2, 1, 0.5, -1.0);
    private static final Tensor G2 = Tensor.of(DType.F64, 2, 1, 0.25, 0.5);

    @Test
    void adamStateHoldsTheMomentsOfItsRule() {
        Adam adam = new Adam(0.1);
        Tensor p = Tensor.of(DType.F64, 2, 1, 1, -2);
        adam.step(p, G1);
        List<Tensor> state = adam.state(p);
        // after one step m = (1 − β1)·g, v = (1 − β2)·g²
        assertArrayEquals(new double[]{0.05, -0.1}, state.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{0.00025, 0.001}, state.get(1).toDoubleArray(), 1e-15);
    }

    @Test
    void restoredStateContinuesTheRunExactly() {
        for (OptimizerConfig config : List.of(new Sgd.Config(0.1, 0.9), Adam.Config.defaults(0.1))) {
            Optimizer whole = config.create();
            Tensor p = Tensor.of(DType.F64, 2, 1, 1, -2);
            whole.step(p, G1);
            Tensor resumedP = p.copy(DType.F64);
            Optimizer resumed = config.create();
            List<Tensor> from = whole.state(p);
            List<Tensor> to = resumed.state(resumedP);
            for (int i = 0; i < from.size(); i++) {
                Ops.copy(from.get(i), to.get(i));
            }
            resumed.setIterations(whole.iterations());
            whole.step(p, G2);
            resumed.step(resumedP, G2);
            assertArrayEquals(p.toDoubleArray(), resumedP.toDoubleArray(), 0, config.toString());
            assertEquals(2, resumed.iterations());
        }
    }

    @Test
    void plainSgdHasNoStateAndNegativeStepCountsAreRefused() {
        Sgd sgd = new Sgd(0.1);
        assertEquals(0, sgd.state(Tensor.zeros(DType.F32, 3, 1)).size());
        assertThrows(IllegalArgumentException.class, () -> sgd.setIterations(-1));
    }
}

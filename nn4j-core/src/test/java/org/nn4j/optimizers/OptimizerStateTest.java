package org.nn4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** An optimiser restored from a snapshot takes exactly the steps the original would have taken. */
class OptimizerStateTest {
    private static final double[][] GRADS = {{0.5, -1.0}, {0.25, 0.5}, {-1.0, 2.0}, {0.125, -0.75}};

    private static void steps(Optimizer opt, Tensor p, int from, int to) {
        for (int t = from; t < to; t++) {
            opt.step(p, Tensor.of(DType.F64, 2, 1, GRADS[t]));
        }
    }

    private static void resumesExactly(OptimizerConfig config, Set<String> slots) {
        Tensor straight = Tensor.of(DType.F64, 2, 1, 1, -2);
        Optimizer a = config.create();
        steps(a, straight, 0, 2);
        OptimizerState snapshot = a.state();
        Tensor resumed = straight.copy(DType.F64);
        steps(a, straight, 2, 4);

        assertEquals(2, snapshot.iterations());
        assertEquals(slots, snapshot.slots().keySet());
        Optimizer b = config.create();
        b.restore(snapshot);
        steps(b, resumed, 2, 4);
        assertArrayEquals(straight.toDoubleArray(), resumed.toDoubleArray(), 0);
        assertEquals(4, b.iterations());
    }

    @Test
    void adamResumesWithItsMomentsAndStepCount() {
        resumesExactly(Adam.Config.defaults(0.1), Set.of("m", "v"));
    }

    @Test
    void momentumResumesWithItsVelocity() {
        resumesExactly(new Sgd.Config(0.1, 0.9), Set.of("velocity"));
    }

    @Test
    void plainSgdHasNoStateVectors() {
        resumesExactly(new Sgd.Config(0.1, 0), Set.of());
    }

    @Test
    void aSnapshotIsACopy() {
        Optimizer a = Adam.Config.defaults(0.1).create();
        Tensor p = Tensor.of(DType.F64, 2, 1, 1, -2);
        steps(a, p, 0, 1);
        OptimizerState snapshot = a.state();
        double m0 = snapshot.slots().get("m").getFlat(0);
        steps(a, p, 1, 2);
        assertEquals(m0, snapshot.slots().get("m").getFlat(0), 0);
    }

    @Test
    void theStateOfOneRuleDoesNotRestoreAnother() {
        Optimizer adam = Adam.Config.defaults(0.1).create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(0.1, 0.9).restore(adam.state()));
        assertTrue(e.getMessage().contains("the state of a Adam optimiser cannot restore a Sgd"), e.getMessage());
    }
}
